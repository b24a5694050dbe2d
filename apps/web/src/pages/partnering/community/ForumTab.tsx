import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { User } from "../../../api.ts";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { Badge } from "../../../components/Badge.tsx";
import { FormErrors, FormField } from "../../../components/FormField.tsx";
import { Empty } from "../../../components/Status.tsx";
import { organisationName, pick } from "../../../display.ts";
import { formatDateTime, formatNumber } from "../../../format.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { hrefs, navigate } from "../../../router.ts";
import { useAsync } from "../../../useAsync.ts";
import { useSubmit } from "../../../useSubmit.ts";
import {
  createThread,
  FORUM_TOPICS,
  type ForumTopic,
  listConsortia,
  listThreads,
  type ThreadInput,
  type ThreadSummary,
} from "./api.ts";
import "./community.css";
import { topicLabel } from "./labels.ts";

const P = "partnering.community.forum";

const isTopic = (value: string | null): value is ForumTopic =>
  value !== null && (FORUM_TOPICS as readonly string[]).includes(value);

/** Forum threads by topic (`?topic=`), where researchers, companies and the regulator talk early. */
export function ForumTab({ user: _user, params }: { user: User; params: URLSearchParams }) {
  const { t } = useTranslation();
  const rawTopic = params.get("topic");
  const topic = isTopic(rawTopic) ? rawTopic : "";
  const load = useCallback(() => listThreads(topic ? { topic } : {}), [topic]);
  const { state } = useAsync(load);
  const [creating, setCreating] = useState(false);
  const ids = useId();

  return (
    <div className="stack" data-testid="forum-tab">
      <p className="muted">{t(`${P}.intro`)}</p>
      <div className="card filters">
        <div className="field">
          <label htmlFor={`${ids}-topic`}>{t(`${P}.topic`)}</label>
          <select
            id={`${ids}-topic`}
            value={topic}
            onChange={(e) =>
              navigate(
                hrefs.partnering(
                  "forum",
                  e.target.value ? new URLSearchParams({ topic: e.target.value }) : undefined,
                ),
              )
            }
            data-testid="forum-topic-filter"
          >
            <option value="">{t(`${P}.allTopics`)}</option>
            {FORUM_TOPICS.map((tp) => (
              <option key={tp} value={tp}>
                {topicLabel(t, tp)}
              </option>
            ))}
          </select>
        </div>
        <div className="filters-actions">
          {!creating && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => setCreating(true)}
              data-testid="forum-new-thread-open"
            >
              {t(`${P}.newThread`)}
            </button>
          )}
        </div>
      </div>
      {creating && (
        <NewThreadForm
          topic={topic}
          onCancel={() => setCreating(false)}
          onCreated={(id) => navigate(hrefs.forumThread(id))}
        />
      )}
      <AsyncView state={state}>{(threads) => <ThreadList threads={threads} />}</AsyncView>
    </div>
  );
}

function ThreadList({ threads }: { threads: ThreadSummary[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (threads.length === 0) return <Empty testId="forum-empty">{t(`${P}.empty`)}</Empty>;
  return (
    <ul className="card-list" data-testid="forum-threads">
      {threads.map((thread) => (
        <li
          key={thread.id}
          className="card community-thread"
          data-testid="forum-thread"
          data-thread-id={thread.id}
        >
          <h3 className="subsection-title">
            <a href={hrefs.forumThread(thread.id)} data-testid="forum-thread-link">
              {thread.title}
            </a>
          </h3>
          <div className="community-badges">
            <Badge tone="info" testId="forum-thread-topic">
              {topicLabel(t, thread.topic)}
            </Badge>
            {thread.consortium && (
              <Badge tone="neutral" title={t(`${P}.restrictedHint`)}>
                {t(`${P}.restricted`, {
                  name: pick(thread.consortium.nameJa, thread.consortium.nameEn, lang),
                })}
              </Badge>
            )}
            {thread.regulatorPosts > 0 && (
              <span
                className="badge community-regulator-badge"
                data-testid="forum-thread-regulator"
                title={t(`${P}.regulatorTookPart`, { n: thread.regulatorPosts })}
              >
                {t("partnering.community.regulator")}
              </span>
            )}
          </div>
          <dl className="facts community-thread-facts">
            <div>
              <dt>{t(`${P}.startedBy`)}</dt>
              <dd>
                {thread.startedBy.name}（{organisationName(thread.startedBy.organisation, lang)}）
              </dd>
            </div>
            <div>
              <dt>{t(`${P}.posts`)}</dt>
              <dd data-testid="forum-thread-posts">{formatNumber(thread.posts, lang)}</dd>
            </div>
            <div>
              <dt>{t(`${P}.lastActivity`)}</dt>
              <dd>{formatDateTime(thread.lastPostAt, lang)}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}

const FIELDS = ["title", "topic", "consortiumId", "body"] as const;

function NewThreadForm({
  topic,
  onCancel,
  onCreated,
}: {
  topic: ForumTopic | "";
  onCancel: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const ids = useId();
  const consortia = useAsync(useCallback(() => listConsortia(), []));
  const [input, setInput] = useState<ThreadInput>({ title: "", topic, consortiumId: "", body: "" });
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = (field: string) => `${ids}-${field}`;
  const fieldLabel = (field: string) =>
    (FIELDS as readonly string[]).includes(field) ? t(`${P}.form.${field}`) : undefined;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const created = await run(() => createThread({ ...input, consortiumId: input.consortiumId || null }));
    if (created) onCreated(created.id);
  }

  const mine = consortia.state.status === "ready" ? consortia.state.data.filter((c) => c.membership) : [];

  return (
    <form className="card form" onSubmit={handleSubmit} noValidate data-testid="forum-new-thread-form">
      <h2 className="subsection-title">{t(`${P}.newThread`)}</h2>
      {error !== null && (
        <FormErrors
          testId="forum-new-thread-errors"
          error={error}
          fieldLabel={fieldLabel}
          inputId={inputId}
        />
      )}
      <div className="form-grid">
        <FormField
          id={inputId("title")}
          label={t(`${P}.form.title`)}
          required
          error={fieldErrors.title}
          className="span-2"
        >
          {(control) => (
            <input
              {...control}
              value={input.title}
              maxLength={200}
              onChange={(e) => setInput({ ...input, title: e.target.value })}
              data-testid="forum-thread-title"
            />
          )}
        </FormField>
        <FormField id={inputId("topic")} label={t(`${P}.form.topic`)} required error={fieldErrors.topic}>
          {(control) => (
            <select
              {...control}
              value={input.topic}
              onChange={(e) => setInput({ ...input, topic: e.target.value as ForumTopic })}
              data-testid="forum-thread-topic-input"
            >
              <option value="">{t("form.choose")}</option>
              {FORUM_TOPICS.map((tp) => (
                <option key={tp} value={tp}>
                  {topicLabel(t, tp)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id={inputId("consortiumId")}
          label={t(`${P}.form.consortiumId`)}
          hint={t(`${P}.form.consortiumHint`)}
          error={fieldErrors.consortiumId}
        >
          {(control) => (
            <select
              {...control}
              value={input.consortiumId ?? ""}
              onChange={(e) => setInput({ ...input, consortiumId: e.target.value })}
              data-testid="forum-thread-consortium"
            >
              <option value="">{t(`${P}.form.public`)}</option>
              {mine.map((c) => (
                <option key={c.id} value={c.id}>
                  {pick(c.nameJa, c.nameEn, lang)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id={inputId("body")}
          label={t(`${P}.form.body`)}
          required
          error={fieldErrors.body}
          className="span-2"
        >
          {(control) => (
            <textarea
              {...control}
              rows={6}
              value={input.body}
              onChange={(e) => setInput({ ...input, body: e.target.value })}
              data-testid="forum-thread-body"
            />
          )}
        </FormField>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid="forum-new-thread-submit"
        >
          {submitting ? t("form.sending") : t(`${P}.form.submit`)}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={submitting}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}
