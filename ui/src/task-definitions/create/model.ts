// The task-definition wizard's model: the document being written (in AWS's own field
// names, shared by the form steps and the JSON editor), where it started (a draft, a
// revision, or empty), berth-core's errors and advice for it, and registering it.
import { useEffect, useState } from "react";
import { api, toApiError, type ApiError, type FieldError, type TaskDefinitionJson, type TaskDefinitionRules } from "../../api";
import { to } from "../../paths";
import { useEnvironment } from "../../shell/environment";
import { useNotifications } from "../../shell/notifications";
import { navigate } from "../../shell/router";
import { discardDraft, loadDraft, saveDraft } from "../drafts";
import { emptyDefinition, forRegister, newContainer, renameFamily } from "../model";

/** The images in this account's ECR repositories, for the image picker. */
function imageRefs(): Promise<{ value: string; description?: string }[]> {
  return api.listRepositories().then((repos) =>
    Promise.all(
      repos.map((r) =>
        api
          .listImages(r.repositoryName)
          .then((images) =>
            images.flatMap((i) =>
              i.imageTags.length ? i.imageTags.map((t) => ({ value: `${r.repositoryUri}:${t}`, description: `${r.repositoryName} · ${i.imageDigest.slice(0, 19)}` })) : [{ value: `${r.repositoryUri}@${i.imageDigest}`, description: `${r.repositoryName} · untagged` }],
            ),
          ),
      ),
    ).then((lists) => lists.flat()),
  );
}

/** What a new definition starts from when no draft or revision does: the guide's example. */
export interface Example {
  family: string;
  image: string;
  port: number;
  memory: number;
}

export function useTaskDefinitionModel(from: string | undefined, example?: Example) {
  const { active } = useEnvironment();
  const { notify } = useNotifications();
  const region = active?.region ?? "us-east-1";
  const base = from ? from.split(":")[0] : "";
  const [doc, setDocState] = useState<TaskDefinitionJson | null>(null);
  const [restored, setRestored] = useState<number | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  // Advice from berth-core that never blocks: values that look like secrets.
  const [warnings, setWarnings] = useState<FieldError[]>([]);
  // The document `errors` were computed for: until it is the current one, the wizard
  // waits for the check instead of judging the last keystroke by stale errors.
  const [checked, setChecked] = useState<TaskDefinitionJson | null>(null);
  const [rules, setRules] = useState<TaskDefinitionRules | null>(null);
  const [images, setImages] = useState<{ value: string; description?: string }[]>([]);
  const [createGroups, setCreateGroups] = useState(true);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  // Imported documents show all their errors at once.
  const [showAll, setShowAll] = useState(false);

  /** The revision named, else an empty definition; answers stop counting once `current` says so. */
  const startFresh = (current: () => boolean = () => true) => {
    if (from) api.describeTaskDefinition(from).then((d) => current() && setDocState(d.registerInput), (e) => current() && setLoadError(toApiError(e)));
    else setDocState(example ? exampleDefinition(region, example) : emptyDefinition(region));
  };

  // Start from the draft if there is one, else from the revision named, else empty.
  useEffect(() => {
    if (!active) return;
    let current = true;
    void loadDraft(base).then((draft) => {
      if (!current) return;
      if (draft) {
        setDocState(draft.doc);
        setRestored(draft.savedAt);
      } else startFresh(() => current);
    });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new environment or revision starts over; a region change does not
  }, [active?.id, from]);

  useEffect(() => {
    api.taskDefinitionRules().then(setRules, () => setRules(null));
    imageRefs().then(setImages, () => setImages([]));
  }, [active?.id, active?.region]);

  // Check with berth-core's rules as the user types, and keep the draft.
  useEffect(() => {
    if (!doc) return;
    const handle = setTimeout(() => {
      void saveDraft(base, doc);
      api.taskDefinitionWarnings(forRegister(doc)).then(setWarnings, () => setWarnings([]));
      api.validateTaskDefinition(forRegister(doc)).then(
        (found) => {
          setErrors(found);
          setChecked(doc);
        },
        () => setChecked(doc),
      );
    }, 120);
    return () => clearTimeout(handle);
  }, [doc, base]);

  const setDoc = (change: TaskDefinitionJson | ((d: TaskDefinitionJson) => TaskDefinitionJson)) =>
    setDocState((prev) => (typeof change === "function" ? (prev ? change(prev) : prev) : change));

  /** Sets one top-level field; empty removes it (the JSON stays as AWS takes it). */
  const set = (field: string, value: unknown) =>
    setDoc((prev) => {
      const next = { ...prev };
      if (value === undefined || value === "") delete next[field];
      else next[field] = value;
      return next;
    });

  const importFile = async (file: File) => {
    const text = await file.text();
    try {
      const parsed = JSON.parse(text) as TaskDefinitionJson;
      // `aws ecs describe-task-definition` output nests the document; accept that too.
      setDocState((parsed.taskDefinition as TaskDefinitionJson | undefined) ?? parsed);
      setShowAll(true);
      notify({ type: "info", content: `Imported ${file.name}. Check the fields marked in red before registering.` });
    } catch (e) {
      notify({ type: "error", header: `${file.name} is not JSON`, content: e instanceof Error ? e.message : String(e) });
    }
  };

  const register = async () => {
    if (!doc) return;
    setSubmitting(true);
    setFailure(null);
    try {
      const registered = await api.registerTaskDefinition(forRegister(doc), createGroups);
      void discardDraft(base);
      const td = registered.taskDefinition;
      notify({ type: "success", header: `Registered ${td.family}:${td.revision}`, content: String(td.taskDefinitionArn) });
      navigate(to("family", { family: String(td.family) }));
    } catch (e) {
      setFailure(toApiError(e));
    } finally {
      setSubmitting(false);
    }
  };

  const discard = () => {
    void discardDraft(base);
    setRestored(null);
    startFresh();
  };

  return {
    from, base, region, active, doc, setDoc, set, restored, discard, errors, warnings, checking: checked !== doc,
    rules, images, createGroups, setCreateGroups, submitting, failure, loadError, showAll, importFile, register,
  };
}

export type TaskDefinitionModel = ReturnType<typeof useTaskDefinitionModel>;

/** The model once its document is there (the steps only render then). */
export type LoadedModel = TaskDefinitionModel & { doc: TaskDefinitionJson };

/** The walkthrough's app: one essential container from `image`, listening on `port`. */
function exampleDefinition(region: string, e: Example): TaskDefinitionJson {
  const doc = renameFamily(emptyDefinition(region), e.family);
  const container = { ...newContainer("web", e.family, region), image: e.image, portMappings: [{ containerPort: e.port, protocol: "tcp" }] };
  return { ...doc, memory: String(e.memory), containerDefinitions: [container] };
}
