import { type FormEvent, type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type CompoundLibrary,
  type FieldError,
  listScreenLibraries,
  listScreenTargets,
  type TargetStructure,
  uploadScreenLibrary,
  uploadScreenTarget,
} from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import { Badge } from "../../components/Badge.tsx";
import { FormErrors, FormField } from "../../components/FormField.tsx";
import { Empty } from "../../components/Status.tsx";
import { formatDateTime, formatNumber } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useAsync } from "../../useAsync.ts";
import { useSubmit } from "../../useSubmit.ts";

/** Compound libraries and target structures: the shared ones and the organisation's, and uploads of new ones. */
export function Catalogue() {
  const libraries = useAsync(listScreenLibraries);
  const targets = useAsync(listScreenTargets);
  return (
    <div className="stack">
      <section className="card" aria-labelledby="screen-libraries-title">
        <LibrariesHeading />
        <AsyncView state={libraries.state}>{(list) => <LibraryTable libraries={list} />}</AsyncView>
        <LibraryUploadForm onUploaded={libraries.reload} />
      </section>
      <section className="card" aria-labelledby="screen-targets-title">
        <TargetsHeading />
        <AsyncView state={targets.state}>{(list) => <TargetTable targets={list} />}</AsyncView>
        <TargetUploadForm onUploaded={targets.reload} />
      </section>
    </div>
  );
}

function LibrariesHeading() {
  const { t } = useTranslation();
  return (
    <>
      <h2 id="screen-libraries-title" className="section-title">
        {t("screen.catalogue.libraries")}
      </h2>
      <p className="muted small">{t("screen.catalogue.librariesIntro")}</p>
    </>
  );
}

function TargetsHeading() {
  const { t } = useTranslation();
  return (
    <>
      <h2 id="screen-targets-title" className="section-title">
        {t("screen.catalogue.targets")}
      </h2>
      <p className="muted small">{t("screen.catalogue.targetsIntro")}</p>
    </>
  );
}

function Owner({ organisationId }: { organisationId: string | null }) {
  const { t } = useTranslation();
  return organisationId === null ? (
    <Badge tone="info" testId="catalogue-shared">
      {t("screen.catalogue.shared")}
    </Badge>
  ) : (
    <Badge>{t("screen.catalogue.own")}</Badge>
  );
}

function LibraryTable({ libraries }: { libraries: CompoundLibrary[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (libraries.length === 0)
    return <Empty testId="library-empty">{t("screen.catalogue.noLibraries")}</Empty>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="library-table">
        <thead>
          <tr>
            <th scope="col">{t("screen.catalogue.name")}</th>
            <th scope="col">{t("screen.catalogue.source")}</th>
            <th scope="col" className="num">
              {t("screen.catalogue.molecules")}
            </th>
            <th scope="col">{t("screen.catalogue.unreadable")}</th>
            <th scope="col">{t("screen.catalogue.registered")}</th>
          </tr>
        </thead>
        <tbody>
          {libraries.map((library) => (
            <tr key={library.id} data-testid="library-row">
              <td>
                {library.name} <Owner organisationId={library.organisationId} />
              </td>
              <td>
                <code>{library.sourceName}</code>
              </td>
              <td className="num" data-testid="library-molecules">
                {formatNumber(library.molecules, lang)}
              </td>
              <td data-testid="library-unreadable">
                {library.failureCount === 0 ? (
                  <span className="muted">0</span>
                ) : (
                  <details className="failures">
                    <summary data-testid="library-unreadable-count">
                      {t("screen.catalogue.unreadableCount", { n: library.failureCount })}
                    </summary>
                    <ul className="failure-list" data-testid="library-failures">
                      {library.failures.map((failure) => (
                        <li key={`${failure.line}:${failure.id ?? ""}`}>
                          {t("screen.catalogue.failureLine", { line: failure.line })}
                          {failure.id ? ` (${failure.id})` : ""}: {failure.reason}
                        </li>
                      ))}
                    </ul>
                    {library.failureCount > library.failures.length && (
                      <p className="muted small">
                        {t("screen.catalogue.failuresFirst", { n: library.failures.length })}
                      </p>
                    )}
                  </details>
                )}
              </td>
              <td className="nowrap">{formatDateTime(library.createdAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TargetTable({ targets }: { targets: TargetStructure[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (targets.length === 0) return <Empty testId="target-empty">{t("screen.catalogue.noTargets")}</Empty>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="target-table">
        <thead>
          <tr>
            <th scope="col">{t("screen.catalogue.name")}</th>
            <th scope="col">{t("screen.catalogue.source")}</th>
            <th scope="col">{t("screen.catalogue.chains")}</th>
            <th scope="col">{t("screen.catalogue.heteroGroups")}</th>
            <th scope="col">{t("screen.catalogue.defaults")}</th>
            <th scope="col">{t("screen.catalogue.registered")}</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((target) => (
            <tr key={target.id} data-testid="target-row">
              <td>
                {target.name} <Owner organisationId={target.organisationId} />
              </td>
              <td>
                <code>{target.sourceName}</code>
              </td>
              <td>{target.chains.join(", ")}</td>
              <td>{target.heteroGroups.length ? target.heteroGroups.join(", ") : "—"}</td>
              <td>
                {t("screen.catalogue.defaultsValue", {
                  chain: target.defaultChain ?? "—",
                  ligand: target.defaultLigand?.join(", ") ?? "—",
                })}
              </td>
              <td className="nowrap">{formatDateTime(target.createdAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const baseName = (fileName: string) => fileName.replace(/\.[^.]*$/, "");

/** The server's field paths of an upload → the form's inputs (the file's name and content are the file). */
function uploadControl(field: string): "name" | "file" | "defaultChain" | "defaultLigand" | undefined {
  const head = field.split(".")[0];
  if (head === "name") return "name";
  if (head === "fileName" || head === "content") return "file";
  if (head === "defaultChain" || head === "defaultLigand") return head;
  return undefined;
}

interface UploadFormProps {
  /** "library" or "target": test ids and i18n keys */
  kind: "library" | "target";
  accept: string;
  /** extra inputs (a target's defaults) */
  extra?: (helpers: UploadHelpers) => ReactNode;
  send: (file: { fileName: string; content: string }, name: string) => Promise<string>;
  onUploaded: () => void;
}

interface UploadHelpers {
  inputId: (control: string) => string;
  errorOf: (control: string) => FieldError | undefined;
}

/** Name + file; the file is read as text here and the server reads, checks and keeps it. */
function UploadForm({ kind, accept, extra, send, onUploaded }: UploadFormProps) {
  const { t } = useTranslation();
  const ids = useId();
  const [name, setName] = useState("");
  const [file, setFile] = useState<File | null>(null);
  // a new key empties the file input after an upload
  const [fileKey, setFileKey] = useState(0);
  const [missingFile, setMissingFile] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { submitting, error, fieldErrors, run } = useSubmit();

  const inputId = (control: string) => `${ids}-${control}`;
  const errorOf = (control: string): FieldError | undefined => {
    if (control === "file" && missingFile) return { field: "file", message: t("screen.catalogue.noFile") };
    return Object.values(fieldErrors).find((e) => uploadControl(e.field) === control);
  };
  const fieldLabel = (field: string) => {
    const control = uploadControl(field);
    return control ? t(`screen.catalogue.upload.${control}`) : undefined;
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    setMissingFile(file === null);
    if (!file) return;
    // the file is read as text here: the API takes its name and content in JSON
    const message = await run(async () =>
      send({ fileName: file.name, content: await file.text() }, name.trim() || baseName(file.name)),
    );
    if (message === undefined) return;
    setDone(message);
    setName("");
    setFile(null);
    setFileKey((k) => k + 1);
    onUploaded();
  }

  return (
    <form
      className="form upload-form"
      onSubmit={handleSubmit}
      noValidate
      aria-busy={submitting}
      data-testid={`${kind}-upload-form`}
    >
      <h3 className="subsection-title">{t(`screen.catalogue.upload.${kind}Title`)}</h3>
      <p className="muted small">{t(`screen.catalogue.upload.${kind}Hint`)}</p>
      {error !== null && (
        <FormErrors
          testId={`${kind}-upload-errors`}
          error={error}
          fieldLabel={fieldLabel}
          inputId={(field) => inputId(uploadControl(field) ?? field)}
        />
      )}
      <div className="form-grid">
        <FormField
          id={inputId("file")}
          label={t("screen.catalogue.upload.file")}
          required
          error={errorOf("file")}
        >
          {(control) => (
            <input
              {...control}
              key={fileKey}
              type="file"
              accept={accept}
              onChange={(event) => {
                const chosen = event.target.files?.[0] ?? null;
                setFile(chosen);
                setMissingFile(false);
                setDone(null);
              }}
              data-testid={`${kind}-file`}
            />
          )}
        </FormField>
        <FormField
          id={inputId("name")}
          label={t("screen.catalogue.upload.name")}
          hint={t("screen.catalogue.upload.nameHint")}
          error={errorOf("name")}
        >
          {(control) => (
            <input
              {...control}
              value={name}
              maxLength={200}
              autoComplete="off"
              placeholder={file ? baseName(file.name) : ""}
              onChange={(event) => setName(event.target.value)}
              data-testid={`${kind}-name`}
            />
          )}
        </FormField>
        {extra?.({ inputId, errorOf })}
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid={`${kind}-upload`}
        >
          {submitting ? t("screen.catalogue.upload.uploading") : t("screen.catalogue.upload.submit")}
        </button>
      </div>
      {submitting && (
        <p className="status busy" role="status">
          <span className="spinner" aria-hidden="true" />
          {t(`screen.catalogue.upload.${kind}Busy`)}
        </p>
      )}
      {done && (
        <p className="success" role="status" data-testid={`${kind}-uploaded`}>
          {done}
        </p>
      )}
    </form>
  );
}

function LibraryUploadForm({ onUploaded }: { onUploaded: () => void }) {
  const { t } = useTranslation();
  return (
    <UploadForm
      kind="library"
      accept=".smi,.smiles,.csv,.tsv,.sdf"
      onUploaded={onUploaded}
      send={async (file, name) => {
        const library = await uploadScreenLibrary({ name, ...file });
        return t("screen.catalogue.upload.libraryDone", {
          name: library.name,
          n: library.molecules,
          failures: library.failureCount,
        });
      }}
    />
  );
}

const ligandList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function TargetUploadForm({ onUploaded }: { onUploaded: () => void }) {
  const { t } = useTranslation();
  const [chain, setChain] = useState("");
  const [ligand, setLigand] = useState("");
  return (
    <UploadForm
      kind="target"
      accept=".pdb,.ent"
      onUploaded={() => {
        setChain("");
        setLigand("");
        onUploaded();
      }}
      send={async (file, name) => {
        const residues = ligandList(ligand);
        const target = await uploadScreenTarget({
          name,
          ...file,
          ...(chain.trim() ? { defaultChain: chain.trim() } : {}),
          ...(residues.length ? { defaultLigand: residues } : {}),
        });
        return t("screen.catalogue.upload.targetDone", {
          name: target.name,
          chains: target.chains.join(", "),
          groups: target.heteroGroups.join(", ") || "—",
        });
      }}
      extra={({ inputId, errorOf }) => (
        <>
          <FormField
            id={inputId("defaultChain")}
            label={t("screen.catalogue.upload.defaultChain")}
            hint={t("screen.catalogue.upload.defaultChainHint")}
            error={errorOf("defaultChain")}
          >
            {(control) => (
              <input
                {...control}
                value={chain}
                maxLength={4}
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => setChain(event.target.value)}
                data-testid="target-default-chain"
              />
            )}
          </FormField>
          <FormField
            id={inputId("defaultLigand")}
            label={t("screen.catalogue.upload.defaultLigand")}
            hint={t("screen.catalogue.upload.defaultLigandHint")}
            error={errorOf("defaultLigand")}
          >
            {(control) => (
              <input
                {...control}
                value={ligand}
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => setLigand(event.target.value)}
                data-testid="target-default-ligand"
              />
            )}
          </FormField>
        </>
      )}
    />
  );
}
