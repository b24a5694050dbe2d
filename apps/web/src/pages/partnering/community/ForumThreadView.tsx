import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { User } from "../../../api.ts";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { FormErrors, FormField } from "../../../components/FormField.tsx";
import { organisationName, pick } from "../../../display.ts";
import { formatDateTime } from "../../../format.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { hrefs } from "../../../router.ts";
import { useAsync } from "../../../useAsync.ts";
import { usePageHeading } from "../../../usePageHeading.ts";
import { useSubmit } from "../../../useSubmit.ts";
import { addPost, type ForumPost, type ForumThread, getThread, minutesHref } from "./api.ts";
import "./community.css";
import { topicLabel } from "./labels.ts";

const P = "partnering.community.thread";

/** A forum thread: its posts in order (the regulator's marked), a reply form and the minutes download. */
export function ForumThreadView({ id, user }: { id: string; user: User }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const load = useCallback(() => getThread(id), [id]);
  const { state, setData } = useAsync(load);
  const headingRef = usePageHeading(state.status === "ready" ? state.data.title : null);

  return (
    <div className="stack" data-testid="forum-thread-view">
      <AsyncView state={state}>
        {(thread) => (
          <>
            <header>
              <h1 className="page-title" ref={headingRef} tabIndex={-1} data-testid="thread-title">
                {thread.title}
              </h1>
              <dl className="facts">
                <div>
                  <dt>{t(`${P}.topic`)}</dt>
                  <dd>
                    <a href={hrefs.partnering("forum", new URLSearchParams({ topic: thread.topic }))}>
                      {topicLabel(t, thread.topic)}
                    </a>
                  </dd>
                </div>
                <div>
                  <dt>{t(`${P}.scope`)}</dt>
                  <dd>
                    {thread.consortium ? (
                      <a href={hrefs.consortium(thread.consortium.id)}>
                        {t("partnering.community.forum.restricted", {
                          name: pick(thread.consortium.nameJa, thread.consortium.nameEn, lang),
                        })}
                      </a>
                    ) : (
                      t(`${P}.public`)
                    )}
                  </dd>
                </div>
                <div>
                  <dt>{t(`${P}.startedBy`)}</dt>
                  <dd>
                    {thread.startedBy.name}（{organisationName(thread.startedBy.organisation, lang)}）
                  </dd>
                </div>
                <div>
                  <dt>{t(`${P}.minutes`)}</dt>
                  <dd>
                    <a href={minutesHref(thread.id)} download data-testid="thread-minutes">
                      {t(`${P}.downloadMinutes`)}
                    </a>
                  </dd>
                </div>
              </dl>
            </header>
            <section aria-labelledby="thread-posts-title">
              <h2 id="thread-posts-title" className="section-title">
                {t(`${P}.posts`, { n: thread.posts.length })}
              </h2>
              {thread.posts.some((p) => p.asRegulator) && (
                <p className="muted small" data-testid="thread-regulator-note">
                  {t(`${P}.regulatorNote`)}
                </p>
              )}
              <ol className="community-posts" data-testid="thread-posts">
                {thread.posts.map((post, i) => (
                  <PostItem key={post.id} post={post} seq={i + 1} />
                ))}
              </ol>
            </section>
            <ReplyForm threadId={thread.id} user={user} onPosted={setData} />
          </>
        )}
      </AsyncView>
    </div>
  );
}

function PostItem({ post, seq }: { post: ForumPost; seq: number }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <li
      className={post.asRegulator ? "card community-post community-post-regulator" : "card community-post"}
      data-testid="thread-post"
      data-regulator={post.asRegulator ? "true" : "false"}
      data-post-id={post.id}
    >
      <article aria-label={t(`${P}.postLabel`, { n: seq, name: post.author.name })}>
        <header className="community-post-head">
          <span className="community-post-seq">#{seq}</span>
          <strong data-testid="post-author">{post.author.name}</strong>
          <span className="muted" data-testid="post-organisation">
            {organisationName(post.author.organisation, lang)}
          </span>
          {post.asRegulator && (
            <span className="badge community-regulator-badge" data-testid="regulator-badge">
              {t("partnering.community.regulator")}
            </span>
          )}
          <time className="muted small community-post-time" dateTime={post.createdAt}>
            {formatDateTime(post.createdAt, lang)}
          </time>
        </header>
        <div className="community-post-body" data-testid="post-body">
          {post.body}
        </div>
      </article>
    </li>
  );
}

function ReplyForm({
  threadId,
  user,
  onPosted,
}: {
  threadId: string;
  user: User;
  onPosted: (thread: ForumThread) => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const [body, setBody] = useState("");
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = () => `${ids}-body`;
  const asRegulator = user.roles.includes("regulator");

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const updated = await run(() => addPost(threadId, body));
    if (updated) {
      setBody("");
      onPosted(updated);
    }
  }

  return (
    <form className="card form" onSubmit={handleSubmit} noValidate data-testid="thread-reply-form">
      <h2 className="subsection-title">{t(`${P}.reply`)}</h2>
      {asRegulator && (
        <p className="notice-box small" data-testid="reply-as-regulator">
          {t(`${P}.asRegulator`)}
        </p>
      )}
      {error !== null && (
        <FormErrors
          testId="thread-reply-errors"
          error={error}
          fieldLabel={(f) => (f === "body" ? t(`${P}.body`) : undefined)}
          inputId={inputId}
        />
      )}
      <FormField id={inputId()} label={t(`${P}.body`)} required error={fieldErrors.body}>
        {(control) => (
          <textarea
            {...control}
            rows={5}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            data-testid="thread-reply-body"
          />
        )}
      </FormField>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid="thread-reply-submit"
        >
          {submitting ? t("form.sending") : t(`${P}.submit`)}
        </button>
      </div>
    </form>
  );
}
