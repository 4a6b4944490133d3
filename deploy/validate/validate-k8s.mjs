// Offline checks of Vigil's Kubernetes manifests (run by deploy/validate-k8s.sh; no cluster, no network).
//
//   node validate-k8s.mjs RENDERED.yaml
//
// RENDERED.yaml is the output of `kubectl kustomize deploy/k8s`. Three kinds of check, each object in turn:
//  1. schema: the object against the Kubernetes API's JSON schema (types, required fields, formats), through the
//     validators the npm package kubernetes-models generated from the Kubernetes OpenAPI definitions;
//  2. unknown fields: every field must exist in the API type (a typo such as `periodSecond` or `readinesProbe`
//     passes the schema, which allows extra properties, but an API server would drop or reject it); the field
//     lists come from the same package's type declarations;
//  3. Vigil's rules: non-root user 10001, read-only root file system with writable /tmp (and /data, /state),
//     no privilege escalation, capabilities dropped, requests and a memory limit, the server's probes on
//     /actuator/health/*, references (ConfigMap and Secret keys, volumes, ports, the StatefulSet's headless
//     Service, selectors) resolving within the set, one image for server and engine, placeholder-only secrets.
// Exit 0 when every check passes, 1 otherwise; each failure is printed with the object and the path.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate-k8s.mjs RENDERED.yaml");
  process.exit(2);
}
const docs = parseAllDocuments(readFileSync(file, "utf8"));
const objects = [];
for (const d of docs) {
  if (d.errors.length) {
    console.error(`YAML: ${d.errors.map((e) => e.message).join("; ")}`);
    process.exit(1);
  }
  const o = d.toJS();
  if (o) objects.push(o);
}

const failures = [];
const passes = [];
const id = (o) => `${o.kind}/${o.metadata?.name}`;
const fail = (o, msg) => failures.push(`${id(o)}: ${msg}`);

// ---- 1. schema -------------------------------------------------------------------------------------------
for (const o of objects) {
  if (!o.apiVersion || !o.kind) {
    failures.push(`object without apiVersion/kind: ${JSON.stringify(o).slice(0, 80)}`);
    continue;
  }
  let mod;
  try {
    mod = await import(`kubernetes-models/${o.apiVersion}`);
  } catch {
    fail(o, `unknown apiVersion ${o.apiVersion}`);
    continue;
  }
  const Model = mod[o.kind];
  if (!Model) {
    fail(o, `unknown kind ${o.kind} in ${o.apiVersion}`);
    continue;
  }
  try {
    new Model(o).validate();
  } catch (e) {
    fail(o, `schema: ${e.message}`);
  }
}
passes.push(`schema: ${objects.length} objects against the Kubernetes JSON schemas (kubernetes-models)`);

// ---- 2. unknown fields -----------------------------------------------------------------------------------
// The packages' .d.ts files declare one interface per API type, its fields one per line; the canonical name
// (IIoK8sApiCoreV1Probe) is exported as an alias. Field types are: a canonical name, Array<T>, a map
// ({ [key: string]: T; }) or a leaf (string, number, boolean, literals, Quantity, IntOrString, Time, ...).
const require = createRequire(import.meta.url);
const roots = ["kubernetes-models", "@kubernetes-models/apimachinery"].map((p) =>
  dirname(require.resolve(`${p}/package.json`)),
);
const types = new Map(); // canonical name -> Map(field -> type expression)
const byGvk = new Map(); // "apps/v1 StatefulSet" -> canonical name
function walkDir(dir, fn) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walkDir(p, fn);
    else if (e.endsWith(".d.ts")) fn(p);
  }
}
function fieldsOf(body) {
  const fields = new Map();
  let depth = 0;
  let cur = "";
  for (const ch of body) {
    if (ch === "{" || ch === "<") depth++;
    if (ch === "}" || ch === ">") depth--;
    if (ch === ";" && depth === 0) {
      const m = cur.trim().match(/^"([^"]+)"\??:\s*([\s\S]+)$/);
      if (m) fields.set(m[1], m[2].replace(/\s+/g, " ").trim());
      cur = "";
    } else cur += ch;
  }
  return fields;
}
for (const root of roots) {
  walkDir(root, (p) => {
    const src = readFileSync(p, "utf8").replace(/\/\*\*[\s\S]*?\*\//g, "");
    const alias = src.match(/export type \{ (\w+) as (IIoK8s\w+)/);
    const iface = src.match(/export interface (\w+)(?: extends [\w, ]+)? \{\n([\s\S]*?)\n\}/);
    if (!alias || !iface || alias[1] !== iface[1]) return;
    const fields = fieldsOf(iface[2]);
    types.set(alias[2], fields);
    const av = fields.get("apiVersion")?.match(/^"(.+)"$/);
    const k = fields.get("kind")?.match(/^"(.+)"$/);
    if (av && k) byGvk.set(`${av[1]} ${k[1]}`, alias[2]);
  });
}
function unknownFields(o, value, type, path) {
  if (value === null || value === undefined || typeof type !== "string") return;
  let m;
  if ((m = type.match(/^Array<(.+)>$/))) {
    if (Array.isArray(value)) value.forEach((v, i) => unknownFields(o, v, m[1], `${path}[${i}]`));
    return;
  }
  if ((m = type.match(/^\{ \[key: string\]: (.+); \}$/))) {
    if (typeof value === "object") for (const [k, v] of Object.entries(value)) unknownFields(o, v, m[1], `${path}.${k}`);
    return;
  }
  const fields = types.get(type);
  if (!fields || typeof value !== "object" || Array.isArray(value)) return; // a leaf
  for (const [k, v] of Object.entries(value)) {
    if (!fields.has(k)) fail(o, `unknown field ${path}.${k} (not in ${type.replace(/^IIoK8s/, "")})`);
    else unknownFields(o, v, fields.get(k), `${path}.${k}`);
  }
}
let strictChecked = 0;
for (const o of objects) {
  const t = byGvk.get(`${o.apiVersion} ${o.kind}`);
  if (!t) {
    fail(o, `no type declarations for ${o.apiVersion} ${o.kind}`);
    continue;
  }
  unknownFields(o, o, t, "");
  strictChecked++;
}
if (types.size < 500) failures.push(`only ${types.size} API types read from the type declarations: parser broken?`);
passes.push(`unknown fields: ${strictChecked} objects against ${types.size} API types' field lists`);

// ---- 3. Vigil's rules ------------------------------------------------------------------------------------
const of = (kind) => objects.filter((o) => o.kind === kind);
const configMaps = new Map(of("ConfigMap").map((c) => [c.metadata.name, c]));
const secrets = new Map(of("Secret").map((s) => [s.metadata.name, s]));
const services = of("Service");
const workloads = [...of("Deployment"), ...of("StatefulSet")];
const matches = (selector, labels) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v) && Object.keys(selector ?? {}).length > 0;
let rules = 0;
const check = (cond, o, msg) => {
  rules++;
  if (!cond) fail(o, msg);
};

for (const s of secrets.values()) {
  const values = { ...(s.stringData ?? {}) };
  for (const [k, v] of Object.entries(s.data ?? {})) values[k] = Buffer.from(v, "base64").toString();
  for (const [k, v] of Object.entries(values)) {
    check(/CHANGE-ME/.test(v), s, `${k} is not a CHANGE-ME placeholder: real secrets never go into the repository`);
  }
}

const images = new Set();
for (const w of workloads) {
  const pod = w.spec.template.spec;
  const labels = w.spec.template.metadata?.labels;
  check(matches(w.spec.selector?.matchLabels, labels), w, "spec.selector does not select the pod template's labels");
  const psc = pod.securityContext ?? {};
  check(psc.runAsNonRoot === true, w, "pod securityContext.runAsNonRoot must be true");
  check(psc.runAsUser === 10001 && psc.runAsGroup === 10001, w, "pod must run as 10001:10001 (the image's user)");
  check(psc.fsGroup === 10001, w, "pod fsGroup must be 10001 (writable volumes)");
  check(pod.automountServiceAccountToken === false, w, "no service account token: Vigil does not call the API");
  const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
  for (const t of w.spec.volumeClaimTemplates ?? []) volumes.add(t.metadata.name);
  for (const v of pod.volumes ?? []) {
    if (v.secret) check(secrets.has(v.secret.secretName), w, `volume ${v.name}: no Secret ${v.secret.secretName}`);
    for (const item of v.secret?.items ?? []) {
      const sec = secrets.get(v.secret.secretName);
      check(sec && item.key in { ...sec.stringData, ...sec.data }, w, `volume ${v.name}: no key ${item.key}`);
    }
  }
  for (const c of pod.containers) {
    const where = `container ${c.name}`;
    images.add(c.image);
    const sc = c.securityContext ?? {};
    check(sc.readOnlyRootFilesystem === true, w, `${where}: readOnlyRootFilesystem must be true`);
    check(sc.allowPrivilegeEscalation === false, w, `${where}: allowPrivilegeEscalation must be false`);
    check((sc.capabilities?.drop ?? []).includes("ALL"), w, `${where}: capabilities must drop ALL`);
    check(c.resources?.requests?.cpu && c.resources?.requests?.memory, w, `${where}: cpu and memory requests`);
    check(c.resources?.limits?.memory, w, `${where}: a memory limit`);
    const mounts = new Map((c.volumeMounts ?? []).map((m) => [m.mountPath, m]));
    for (const m of c.volumeMounts ?? []) check(volumes.has(m.name), w, `${where}: mount ${m.name} has no volume`);
    check(mounts.has("/tmp"), w, `${where}: /tmp must be a volume (the root file system is read-only)`);
    for (const e of c.env ?? []) {
      const cm = e.valueFrom?.configMapKeyRef;
      const sk = e.valueFrom?.secretKeyRef;
      if (cm) check(configMaps.get(cm.name)?.data?.[cm.key] !== undefined, w, `${where}: env ${e.name}: no ${cm.name}/${cm.key}`);
      if (sk) {
        const sec = secrets.get(sk.name);
        check(sec && sk.key in { ...sec.stringData, ...sec.data }, w, `${where}: env ${e.name}: no ${sk.name}/${sk.key}`);
      }
    }
    for (const ef of c.envFrom ?? []) {
      if (ef.configMapRef) check(configMaps.has(ef.configMapRef.name), w, `${where}: no ConfigMap ${ef.configMapRef.name}`);
      if (ef.secretRef) check(secrets.has(ef.secretRef.name), w, `${where}: no Secret ${ef.secretRef.name}`);
    }
    const env = new Set([
      ...(c.env ?? []).map((e) => e.name),
      ...(c.envFrom ?? []).flatMap((ef) => Object.keys(configMaps.get(ef.configMapRef?.name)?.data ?? {})),
    ]);
    for (const a of [...(c.command ?? []), ...(c.args ?? [])]) {
      for (const [, name] of a.matchAll(/\$\((\w+)\)/g)) check(env.has(name), w, `${where}: $(${name}) is not in its env`);
    }
    const ports = new Set((c.ports ?? []).map((p) => p.name));
    for (const [kind, probe] of Object.entries({ startup: c.startupProbe, liveness: c.livenessProbe, readiness: c.readinessProbe })) {
      if (probe?.httpGet && typeof probe.httpGet.port === "string") {
        check(ports.has(probe.httpGet.port), w, `${where}: ${kind} probe port ${probe.httpGet.port} is not a container port`);
      }
    }
    if (w.kind === "Deployment") {
      check(c.livenessProbe?.httpGet?.path === "/actuator/health/liveness", w, `${where}: liveness on /actuator/health/liveness`);
      check(c.readinessProbe?.httpGet?.path === "/actuator/health/readiness", w, `${where}: readiness on /actuator/health/readiness`);
      check(mounts.has("/data"), w, `${where}: /data (vigil.data-dir) must be a volume`);
    }
    if (w.kind === "StatefulSet") {
      check(c.command?.includes("org.vigil.stream.StreamEngine"), w, `${where}: runs org.vigil.stream.StreamEngine`);
      const stateDir = c.args?.[1];
      const claim = (w.spec.volumeClaimTemplates ?? []).map((t) => t.metadata.name);
      check(claim.includes(mounts.get(stateDir)?.name), w, `${where}: the state dir ${stateDir} must be a claim template's mount`);
    }
  }
  if (w.kind === "StatefulSet") {
    const svc = services.find((s) => s.metadata.name === w.spec.serviceName);
    check(svc, w, `serviceName ${w.spec.serviceName} has no Service`);
    check(svc?.spec.clusterIP === "None", w, `Service ${w.spec.serviceName} must be headless (clusterIP: None)`);
    check(svc && matches(svc.spec.selector, labels), w, `Service ${w.spec.serviceName} does not select its pods`);
  }
}
check(images.size === 1, { kind: "Set", metadata: { name: "workloads" } }, `server and engine must run one image, found ${[...images]}`);
for (const s of services) {
  const targets = workloads.filter((w) => matches(s.spec.selector, w.spec.template.metadata?.labels));
  check(targets.length > 0, s, "selects no workload's pods");
  for (const p of s.spec.ports ?? []) {
    if (typeof p.targetPort === "string") {
      const named = targets.some((w) => w.spec.template.spec.containers.some((c) => (c.ports ?? []).some((cp) => cp.name === p.targetPort)));
      check(named, s, `targetPort ${p.targetPort} is no container port of its pods`);
    }
  }
}
for (const pdb of of("PodDisruptionBudget")) {
  check(workloads.some((w) => matches(pdb.spec.selector?.matchLabels, w.spec.template.metadata?.labels)), pdb, "selects no workload");
}
passes.push(`Vigil's rules: ${rules} checks over ${workloads.length} workloads, ${services.length} services`);

for (const p of passes) console.log(`validate-k8s: ${p}`);
if (failures.length) {
  for (const f of failures) console.error(`validate-k8s: FAIL ${f}`);
  console.error(`validate-k8s: ${failures.length} failure(s)`);
  process.exit(1);
}
console.log(`validate-k8s: ${objects.map(id).join(", ")}: all checks passed`);
