#!/usr/bin/env python3
"""A local stand-in for a Kubernetes API server, for tests of Gateway Studio's Kubernetes client.

It speaks the real wire protocol (JSON over HTTPS, HTTP/1.1 only, on 127.0.0.1) for:
  * authentication by client certificate (user = its CN) or bearer token, 401 otherwise, and
    403s worded as RBAC words them for the VERB:RESOURCE pairs given by --deny;
  * legacy discovery (/version, /api, /api/v1, /apis, /apis/GROUP[/VERSION]), answered as
    application/json even when aggregated discovery is asked for, and just enough /openapi/v3
    for kubectl to leave validation to the server (/openapi/v2 is 404);
  * namespaces, services, secrets, configmaps, the CustomResourceDefinitions of the chosen
    Gateway API bundle and every kind of that bundle, at each served version: get, list
    (labelSelector, limit/continue), watch (resume, bookmarks, 410 Expired), create, update,
    update of status, delete, JSON merge patch and server-side apply, all with dryRun=All;
  * a few validation rules of the real schemas (422) and an admission webhook (--webhook-deny).

At start it writes into --state-dir: ca.crt/ca.key, server.crt/server.key, client.crt/client.key
(CN=alice, O=developers), token, exec-plugin.sh (an exec credential plugin that also saves its
KUBERNETES_EXEC_INFO to exec-info.json) and kubeconfig; then prints "ready https://127.0.0.1:PORT".
Control endpoints, without authentication: POST /fixture/drop-watches (cuts every watch stream
without its terminating chunk), POST /fixture/hold-watches and /fixture/release-watches (new
watch requests wait in between), POST /fixture/compact (older resourceVersions get 410),
GET /fixture/requests (the request log) and POST /fixture/reset-requests.

Objects are stored once per kind and served at any served version by rewriting apiVersion (the
Gateway API versions share one schema). Error wording follows the real server's, including
apply conflicts: an Apply manager is named alone ("conflict with \"kubectl\""), an Update
manager with its version and time ("conflict with \"m\" using gateway.networking.k8s.io/v1 at
2024-01-01T00:00:00Z").

Simplifications versus a real API server:
  * paging serves the current state, not a snapshot at the continue token's resourceVersion;
    a list's resourceVersion/resourceVersionMatch/timeoutSeconds are ignored;
  * labelSelector takes equality terms only (k=v, k==v, k!=v, k, !k); fieldSelector takes only
    metadata.name and metadata.namespace;
  * server-side apply: maps merge key by key and every list is atomic (owned whole, no
    associative lists; an empty map owns nothing); owned fields are metadata.labels,
    metadata.annotations and everything outside metadata and status; fieldsV1 has no "."
    entries; a conflict needs both managers to own the very same field; apply to /status
    merges the applied status into the live one, without ownership;
  * updates give their manager (operation Update) the fields they change; status writes record
    no ownership; managedFields sent by clients are ignored (seeds keep theirs);
  * strategic merge patch is taken as a JSON merge patch (core kinds only); JSON patch is 415;
  * PUT does not require metadata.resourceVersion; DELETE ignores its options (preconditions,
    propagation, grace) and deleting a namespace deletes its objects at once;
  * no defaulting (services get no clusterIP) and no validation but: names are DNS-1123
    subdomains, backendRefs weights 0..1000000, at most 16 hostnames, 32 parentRefs and
    64 listeners; unknown fields are kept whatever fieldValidation asks;
  * an apply body must be JSON (which is YAML: kubectl and Gateway Studio send JSON);
  * JSON only (no protobuf), no server-side Table (kubectl get prints NAME and AGE), request
    bodies need a Content-Length (no chunked uploads);
  * only the first bookmark of a watch carries the k8s.io/initial-events-end annotation, and
    sendInitialEvents is ignored.
"""

import argparse
import base64
import bisect
import copy
import json
import os
import re
import secrets
import select
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

GATEWAY_GROUP = "gateway.networking.k8s.io"
WEBHOOK_NAME = "policy.fixture.example.com"
MISSING = object()  # what value_at() answers for an absent field


# ---------------------------------------------------------------------------------------------
# The kinds served

@dataclass(frozen=True)
class Kind:
    group: str  # "" for the core group
    kind: str
    plural: str
    namespaced: bool
    versions: tuple  # served versions, preferred first
    storage: str
    short_names: tuple = ()
    has_status: bool = True  # has a status subresource

    @property
    def singular(self):
        return self.kind.lower()

    def api_version(self, version):
        return f"{self.group}/{version}" if self.group else version

    @property
    def resource_name(self):  # as messages name the resource: httproutes.gateway.networking.k8s.io
        return f"{self.plural}.{self.group}" if self.group else self.plural


NAMESPACE = Kind("", "Namespace", "namespaces", False, ("v1",), "v1", ("ns",))
CORE_KINDS = (NAMESPACE,
              Kind("", "Service", "services", True, ("v1",), "v1", ("svc",)),
              Kind("", "Secret", "secrets", True, ("v1",), "v1", (), has_status=False),
              Kind("", "ConfigMap", "configmaps", True, ("v1",), "v1", ("cm",), has_status=False))
CRD = Kind("apiextensions.k8s.io", "CustomResourceDefinition", "customresourcedefinitions",
           False, ("v1",), "v1", ("crd", "crds"))

# Gateway API bundles: (kind, plural, namespaced, served versions, storage version).
_V1_BETA = ("v1", "v1beta1")
GATEWAY_BUNDLES = {
    "v1.6.1": (("BackendTLSPolicy", "backendtlspolicies", True, ("v1",), "v1"),
               ("GatewayClass", "gatewayclasses", False, _V1_BETA, "v1"),
               ("Gateway", "gateways", True, _V1_BETA, "v1"),
               ("GRPCRoute", "grpcroutes", True, ("v1",), "v1"),
               ("HTTPRoute", "httproutes", True, _V1_BETA, "v1"),
               ("ListenerSet", "listenersets", True, ("v1",), "v1"),
               ("ReferenceGrant", "referencegrants", True, _V1_BETA, "v1beta1"),
               ("TCPRoute", "tcproutes", True, ("v1",), "v1"),
               ("TLSRoute", "tlsroutes", True, ("v1",), "v1"),
               ("UDPRoute", "udproutes", True, ("v1",), "v1")),
    "v1.0.0": (("GatewayClass", "gatewayclasses", False, _V1_BETA, "v1"),
               ("Gateway", "gateways", True, _V1_BETA, "v1"),
               ("HTTPRoute", "httproutes", True, _V1_BETA, "v1"),
               ("ReferenceGrant", "referencegrants", True, ("v1beta1",), "v1beta1")),
    "none": (),
}
GATEWAY_SHORT_NAMES = {"gatewayclasses": ("gc",), "gateways": ("gtw",),
                       "referencegrants": ("refgrant",), "backendtlspolicies": ("btlspolicy",)}


class Catalog:
    """The kinds of one run: the core ones, CRDs, and those of one Gateway API bundle."""

    def __init__(self, bundle):
        self.bundle = bundle
        self.gateway_kinds = [
            Kind(GATEWAY_GROUP, kind, plural, namespaced, versions, storage,
                 GATEWAY_SHORT_NAMES.get(plural, ()), has_status=kind != "ReferenceGrant")
            for kind, plural, namespaced, versions, storage in GATEWAY_BUNDLES[bundle]]
        self.kinds = [*CORE_KINDS, CRD, *self.gateway_kinds]

    def group_versions(self, group):
        """The versions a group serves, v1 (preferred) first; none for an unknown group."""
        return sorted({v for k in self.kinds if k.group == group for v in k.versions},
                      key=lambda v: (v != "v1", v))

    def kinds_in(self, group, version):
        return [k for k in self.kinds if k.group == group and version in k.versions]

    def lookup(self, group, version, plural):
        return next((k for k in self.kinds_in(group, version) if k.plural == plural), None)

    def for_object(self, obj):
        """(Kind, version) of an object by its apiVersion and kind; Kind None if not served."""
        group, _, version = obj.get("apiVersion", "").rpartition("/")
        kinds = self.kinds_in(group, version)
        return next((k for k in kinds if k.kind == obj.get("kind")), None), version


def crd_object(kind, bundle):
    """A minimal CRD of a Gateway API kind: names, scope and versions, no schema."""
    names = {"kind": kind.kind, "plural": kind.plural, "singular": kind.singular,
             "listKind": kind.kind + "List", "categories": ["gateway-api"]}
    if kind.short_names:
        names["shortNames"] = list(kind.short_names)
    return {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": kind.resource_name, "annotations": {
                "gateway.networking.k8s.io/bundle-version": bundle,
                "gateway.networking.k8s.io/channel": "standard"}},
            "spec": {"group": kind.group, "names": names,
                     "scope": "Namespaced" if kind.namespaced else "Cluster",
                     "versions": [{"name": v, "served": True, "storage": v == kind.storage}
                                  for v in kind.versions]},
            "status": {"acceptedNames": names, "storedVersions": [kind.storage],
                       "conditions": [{"type": "Established", "status": "True"}]}}


def resource_entries(kind):
    """A kind's entries in an APIResourceList: the resource and its status subresource."""
    entry = {"name": kind.plural, "singularName": kind.singular, "namespaced": kind.namespaced,
             "kind": kind.kind,
             "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]}
    if kind.short_names:
        entry["shortNames"] = list(kind.short_names)
    if kind.group == GATEWAY_GROUP:
        entry["categories"] = ["gateway-api"]
    yield entry
    if kind.has_status:
        yield {"name": kind.plural + "/status", "singularName": "", "namespaced": kind.namespaced,
               "kind": kind.kind, "verbs": ["get", "patch", "update"]}


def openapi_v3(gv_parts):
    """Just enough OpenAPI v3 for kubectl to see that PATCH takes fieldValidation, so that it
    leaves validation to the server instead of fetching /openapi/v2. Only the core group has a
    document; for kinds defined by CRDs kubectl consults the Namespace's."""
    if not gv_parts:
        return {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1"}}}
    if gv_parts != ["api", "v1"]:
        raise no_such_resource()
    parameter = {"name": "fieldValidation", "in": "query", "schema": {"type": "string"}}
    paths = {}
    for kind in CORE_KINDS:
        scope = "namespaces/{namespace}/" if kind.namespaced else ""
        paths[f"/api/v1/{scope}{kind.plural}/{{name}}"] = {"patch": {
            "x-kubernetes-group-version-kind": {"group": "", "version": "v1", "kind": kind.kind},
            "parameters": [parameter], "responses": {}}}
    return {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.31.0"},
            "paths": paths}


# ---------------------------------------------------------------------------------------------
# Errors: each is answered as a v1 Status

class ApiError(Exception):
    def __init__(self, code, reason, message, details=None):
        super().__init__(message)
        self.code, self.reason, self.details = code, reason, details

    def status(self):
        body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": str(self), "reason": self.reason, "code": self.code}
        if self.details:
            body["details"] = self.details
        return body


def details(kind, name="", **more):
    found = {"name": name, "group": kind.group, "kind": kind.plural, **more}
    return {key: value for key, value in found.items() if value}


def not_found(kind, name):
    return ApiError(404, "NotFound", f'{kind.resource_name} "{name}" not found',
                    details(kind, name))


def no_such_resource():
    return ApiError(404, "NotFound", "the server could not find the requested resource")


def bad_request(message):
    return ApiError(400, "BadRequest", message)


def forbidden(user, verb, target):
    kind = target.kind
    resource = kind.plural + (f"/{target.subresource}" if target.subresource else "")
    scope = f'in the namespace "{target.namespace}"' if target.namespace else "at the cluster scope"
    subject = kind.resource_name + (f' "{target.name}"' if target.name else "")
    return ApiError(403, "Forbidden", f'{subject} is forbidden: User "{user}" cannot {verb} '
                    f'resource "{resource}" in API group "{kind.group}" {scope}',
                    details(kind, target.name))


def invalid(kind, name, causes):
    """422 with one "field: message" clause per cause, bracketed when several (as Go prints)."""
    clauses = [f"{c['field']}: {c['message']}" for c in causes]
    text = clauses[0] if len(clauses) == 1 else "[" + ", ".join(clauses) + "]"
    kind_name = f"{kind.kind}.{kind.group}" if kind.group else kind.kind
    return ApiError(422, "Invalid", f'{kind_name} "{name}" is invalid: {text}',
                    {"name": name, "group": kind.group, "kind": kind.kind, "causes": causes})


CONTINUE_TOO_OLD = (
    "The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter, or use the continue token in this response "
    "to retrieve the remainder of the results. Continuing with the provided token results in an "
    "inconsistent list - objects that were created, modified, or deleted between the time the "
    "first chunk was returned and now may show up in the list.")


# ---------------------------------------------------------------------------------------------
# Objects: time, paths into objects, merge patch, selectors

def now_rfc3339():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def value_at(obj, path):
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return MISSING
        obj = obj[key]
    return obj


def remove_at(obj, path):
    """Deletes the field at path, then the maps this leaves empty (top-level fields stay)."""
    parents = []
    for key in path[:-1]:
        if not isinstance(obj.get(key), dict):
            return
        parents.append((obj, key))
        obj = obj[key]
    obj.pop(path[-1], None)
    for parent, key in reversed(parents[1:]):
        if not parent[key]:
            del parent[key]


def merge_patch(target, patch):
    """RFC 7386 JSON merge patch. It changes target in place: pass a private copy."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = target if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def drop_nulls(value):
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    return value


def with_status(obj, status):
    """A deep copy of obj with its status replaced (removed when None)."""
    result = copy.deepcopy({k: v for k, v in obj.items() if k != "status"})
    if status is not None:
        result["status"] = copy.deepcopy(status)
    return result


SELECTOR_TERM = re.compile(r"\s*(!?)\s*([^!=\s]+)\s*(?:(==|=|!=)\s*(\S*))?\s*")


def selector_matches(text, values):
    """Whether values (a dict) match an equality-based selector: k=v, k==v, k!=v, k, !k."""
    for term in filter(str.strip, text.split(",")):
        match = SELECTOR_TERM.fullmatch(term)
        if not match:
            raise bad_request(f"unable to parse requirement: {term.strip()}")
        negated, key, op, value = match.groups()
        if op is None and (key in values) == bool(negated):
            return False
        if op and (values.get(key) == value) != (op != "!="):
            return False
    return True


class Filter:
    """What a list or watch selects: a namespace ("" = all), labelSelector, fieldSelector."""

    def __init__(self, namespace, query):
        self.namespace = namespace
        self.labels = query.get("labelSelector", "")
        self.fields = query.get("fieldSelector", "")
        for term in filter(str.strip, self.fields.split(",")):
            key = re.split("!?=", term)[0].strip()
            if key not in ("metadata.name", "metadata.namespace"):
                raise bad_request(f"field label not supported: {key}")

    def matches(self, obj):
        meta = obj["metadata"]
        namespace = meta.get("namespace", "")
        fields = {"metadata.name": meta["name"], "metadata.namespace": namespace}
        return ((not self.namespace or namespace == self.namespace)
                and selector_matches(self.labels, meta.get("labels") or {})
                and selector_matches(self.fields, fields))


# ---------------------------------------------------------------------------------------------
# Field ownership (metadata.managedFields). A field is a tuple of keys: maps are walked key by
# key, anything else (lists included) is one field; an empty map is no field.

def field_paths(obj):
    """The fields an object sets that managers can own."""
    paths = set()
    for key, value in obj.items():
        if key == "metadata":
            for part in ("labels", "annotations"):
                paths.update(("metadata", part, k) for k in value.get(part) or {})
        elif key not in ("apiVersion", "kind", "status"):
            _add_leaves(value, (key,), paths)
    return paths


def _add_leaves(value, prefix, paths):
    if isinstance(value, dict):
        for key, sub in value.items():
            _add_leaves(sub, prefix + (key,), paths)
    else:
        paths.add(prefix)


def to_fields_v1(paths):
    root = {}
    for path in sorted(paths):
        node = root
        for key in path:
            node = node.setdefault("f:" + key, {})
    return root


def from_fields_v1(tree, prefix=()):
    paths = set()
    for key, sub in tree.items():
        if key.startswith("f:"):
            path = prefix + (key[2:],)
            paths |= from_fields_v1(sub, path) if sub else {path}
    return paths


def overlaps(a, b):
    return a[:len(b)] == b or b[:len(a)] == a


def path_text(path):
    return "".join("." + key for key in path)


@dataclass
class Owner:
    """One managedFields entry, its fieldsV1 read as a set of paths."""
    manager: str
    operation: str  # "Apply" or "Update"
    api_version: str
    time: str
    paths: set = field(default_factory=set)

    def entry(self):
        return {"manager": self.manager, "operation": self.operation,
                "apiVersion": self.api_version, "time": self.time, "fieldsType": "FieldsV1",
                "fieldsV1": to_fields_v1(self.paths)}

    def described(self):  # as the real server names a manager in conflict messages
        if self.operation == "Update":
            return f"{json.dumps(self.manager)} using {self.api_version} at {self.time}"
        return json.dumps(self.manager)


def read_owners(obj):
    return [Owner(e.get("manager", ""), e.get("operation", "Update"), e.get("apiVersion", ""),
                  e.get("time", ""), from_fields_v1(e.get("fieldsV1") or {}))
            for e in (obj or {}).get("metadata", {}).get("managedFields") or []]


def find_owner(owners, manager, operation, api_version):
    """The (manager, operation) entry of owners, appended if absent."""
    for owner in owners:
        if (owner.manager, owner.operation) == (manager, operation):
            return owner
    owners.append(Owner(manager, operation, api_version, now_rfc3339()))
    return owners[-1]


def write_owners(obj, owners):
    """Sets obj's managedFields: each owner keeps the fields obj still has; empty ones go."""
    for owner in owners:
        owner.paths = {p for p in owner.paths if value_at(obj, p) is not MISSING}
    obj["metadata"]["managedFields"] = [o.entry() for o in owners if o.paths]
    if not obj["metadata"]["managedFields"]:
        del obj["metadata"]["managedFields"]


def record_update(old, new, manager, api_version):
    """Ownership after an Update (new may be a creation: old None): `manager` takes from the
    other managers the fields that new adds or changes."""
    owners = read_owners(old)
    changed = {p for p in field_paths(new) if old is None or value_at(old, p) != value_at(new, p)}
    if changed:
        for owner in owners:
            owner.paths -= changed
        mine = find_owner(owners, manager, "Update", api_version)
        mine.paths |= changed
        mine.api_version, mine.time = api_version, now_rfc3339()
    write_owners(new, owners)


def server_side_apply(live, config, manager, api_version, force, kind, name):
    """Applies config to live (a private copy, changed in place) as `manager`.

    409 when config gives a field a value other than the live one and another manager owns
    it, unless force: then that manager loses the field. Fields this manager applied before,
    now absent from config and owned by no one else, are removed."""
    owners = read_owners(live)
    applied = field_paths(config)
    mine = find_owner(owners, manager, "Apply", api_version)
    conflicts = [(owner, path) for owner in owners if owner is not mine
                 for path in sorted(owner.paths & applied)
                 if value_at(live, path) != value_at(config, path)]
    if conflicts and not force:
        raise apply_conflict(kind, name, conflicts)
    for owner, path in conflicts:
        owner.paths.discard(path)
    kept = [*applied, *(p for owner in owners if owner is not mine for p in owner.paths)]
    for path in mine.paths - applied:
        if not any(overlaps(path, other) for other in kept):
            remove_at(live, path)
    _merge_applied(live, config)
    if mine.paths != applied:
        mine.time = now_rfc3339()
    mine.paths, mine.api_version = applied, api_version
    write_owners(live, owners)


def _merge_applied(live, config):
    """Maps merge key by key; lists and scalars replace what was there."""
    for key, value in config.items():
        if isinstance(value, dict) and isinstance(live.get(key), dict):
            _merge_applied(live[key], value)
        else:
            live[key] = copy.deepcopy(value)


def apply_conflict(kind, name, conflicts):
    """409 worded as the real server words it; conflicts is a list of (Owner, path)."""
    causes = [{"reason": "FieldManagerConflict", "message": f"conflict with {o.described()}",
               "field": path_text(p)} for o, p in conflicts]
    if len(conflicts) == 1:
        owner, path = conflicts[0]
        message = (f"Apply failed with 1 conflict: conflict with {owner.described()}: "
                   f"{path_text(path)}")
    else:
        lines = []
        for owner in sorted({id(o): o for o, _ in conflicts}.values(),
                            key=lambda o: (o.manager, o.operation)):
            lines.append(f"conflicts with {owner.described()}:")
            lines += [f"- {path_text(p)}" for o, p in conflicts if o is owner]
        message = f"Apply failed with {len(conflicts)} conflicts: " + "\n".join(lines)
    return ApiError(409, "Conflict", message, details(kind, name, causes=causes))


# ---------------------------------------------------------------------------------------------
# Validation (a few rules of the real schemas)

DNS1123_SUBDOMAIN = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
NAME_RULE = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
             "'-' or '.', and must start and end with an alphanumeric character (e.g. "
             f"'example.com', regex used for validation is '{DNS1123_SUBDOMAIN}')")
ROUTE_KINDS = ("HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute")
MAX_ITEMS = (("hostnames", 16), ("parentRefs", 32), ("listeners", 64))


def invalid_value(field_path, value, rule):
    return {"reason": "FieldValueInvalid", "field": field_path,
            "message": f"Invalid value: {json.dumps(value)}: {rule}"}


def validation_causes(kind, obj):
    """The 422 causes of obj; none when it is valid."""
    name = obj["metadata"].get("name", "")
    causes = []
    if len(name) > 253 or not re.fullmatch(DNS1123_SUBDOMAIN, name):
        causes.append(invalid_value("metadata.name", name, NAME_RULE))
    spec = obj.get("spec")
    if kind.group != GATEWAY_GROUP or not isinstance(spec, dict):
        return causes
    for list_name, limit in MAX_ITEMS:
        items = spec.get(list_name)
        if isinstance(items, list) and len(items) > limit:
            causes.append({"reason": "FieldValueTooMany", "field": f"spec.{list_name}",
                           "message": f"Too many: {len(items)}: must have at most {limit} items"})
    rules = spec.get("rules") if kind.kind in ROUTE_KINDS else None
    for i, rule in enumerate(rules if isinstance(rules, list) else []):
        refs = rule.get("backendRefs") if isinstance(rule, dict) else None
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            weight = ref.get("weight") if isinstance(ref, dict) else None
            where = f"spec.rules[{i}].backendRefs[{j}].weight"
            if isinstance(weight, int) and not 0 <= weight <= 1000000:
                bound = ("less than or equal to 1000000" if weight > 0
                         else "greater than or equal to 0")
                causes.append(invalid_value(where, weight, f"{where} in body should be {bound}"))
    return causes


# ---------------------------------------------------------------------------------------------
# The store: objects and watch events, guarded by one condition variable

@dataclass
class Event:
    rv: int
    kind: Kind
    type: str  # ADDED, MODIFIED or DELETED
    obj: dict


class Store:
    """Every object of every kind, and the event history. Callers hold `cond` for any access.

    Contract: a committed object is never changed again; writers work on deep copies, and
    readers copy before rewriting top-level keys (apiVersion, kind)."""

    def __init__(self, history_limit=100000):
        self.cond = threading.Condition()
        self.objects = {}  # Kind -> {(namespace, name): object}
        self.rv = 0  # the global resourceVersion, bumped by every write
        self.history = []  # Events in rv order, all newer than `compacted`
        self.history_limit = history_limit
        self.compacted = 0  # watches and continue tokens from an older RV get 410
        self.drop_epoch = 0  # bumped by /fixture/drop-watches
        self.watches_held = False  # /fixture/hold-watches: new watch requests wait until released

    def get(self, kind, namespace, name):
        return self.objects.get(kind, {}).get((namespace, name))

    def items(self, kind, namespace=""):
        """Objects sorted by namespace then name; namespace "" means all."""
        bucket = self.objects.get(kind, {})
        return [bucket[key] for key in sorted(bucket) if not namespace or key[0] == namespace]

    def commit(self, kind, obj, deleted=False):
        """Stores (or removes) obj at the next resourceVersion and records its event."""
        self.rv += 1
        meta = obj["metadata"]
        meta["resourceVersion"] = str(self.rv)
        key = (meta.get("namespace", ""), meta["name"])
        bucket = self.objects.setdefault(kind, {})
        event_type = "DELETED" if deleted else "MODIFIED" if key in bucket else "ADDED"
        if deleted:
            del bucket[key]
        else:
            bucket[key] = obj
        self.history.append(Event(self.rv, kind, event_type, obj))
        if len(self.history) > self.history_limit:  # forget the older half
            drop = len(self.history) // 2
            self.compacted = self.history[drop - 1].rv
            del self.history[:drop]
        self.cond.notify_all()
        return obj

    def events_after(self, rv):
        return self.history[bisect.bisect_right(self.history, rv, key=lambda e: e.rv):]

    def compact(self):
        self.compacted = self.rv
        self.history.clear()


# ---------------------------------------------------------------------------------------------
# The API: discovery, resource paths, and the verbs over the store

@dataclass
class Target:
    """What a resource path names."""
    kind: Kind
    version: str
    namespace: str  # "" for all namespaces, or for a cluster-scoped kind
    name: str = ""
    subresource: str = ""

    @property
    def api_version(self):
        return self.kind.api_version(self.version)


def present(obj, target):
    """obj as served at the requested version (a shallow copy)."""
    served = {"apiVersion": target.api_version, "kind": target.kind.kind}
    served.update((k, v) for k, v in obj.items() if k not in served)
    return served


def continue_token(rv, obj):
    start = f"{obj['metadata'].get('namespace', '')}/{obj['metadata']['name']}"
    raw = json.dumps({"v": "meta.k8s.io/v1", "rv": rv, "start": start})
    return base64.urlsafe_b64encode(raw.encode()).decode()


def read_continue_token(token):
    """(rv, (namespace, name)) of a continue token; 400 if it is not one of ours."""
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        namespace, _, name = data["start"].partition("/")
        return int(data["rv"]), (namespace, name)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise bad_request("continue key is not valid: the continue token could not be decoded")


def decode_json(body):
    try:
        obj = json.loads(body or b"null")
    except ValueError as err:
        raise bad_request(f"the body of the request is not valid JSON: {err}")
    if not isinstance(obj, dict):
        raise bad_request("the body of the request must be a JSON object")
    return obj


class Api:
    """The verbs over a Store. Methods that touch objects take the lock; write helpers expect
    their caller to hold it."""

    def __init__(self, catalog, store, denies=(), webhook_rules=()):
        self.catalog, self.store, self.port = catalog, store, 0
        self.denies = set(denies)  # (verb, resource) pairs; resource like "httproutes/status"
        self.webhook_rules = list(webhook_rules)  # (kind, text) pairs
        self.requests = []  # the request log of /fixture/requests
        self.requests_lock = threading.Lock()

    def discovery(self, parts):
        """The document of a discovery path, or None if parts is none."""
        if parts == ["version"]:
            return {"major": "1", "minor": "31", "gitVersion": "v1.31.0-fixture",
                    "gitCommit": "0" * 40, "gitTreeState": "clean",
                    "buildDate": "2024-08-13T00:00:00Z", "goVersion": "go1.22.5",
                    "compiler": "gc", "platform": "linux/amd64"}
        if parts == ["api"]:
            return {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
                {"clientCIDR": "0.0.0.0/0", "serverAddress": f"127.0.0.1:{self.port}"}]}
        if parts == ["apis"]:
            groups = [g for g in (CRD.group, GATEWAY_GROUP) if self.catalog.group_versions(g)]
            return {"kind": "APIGroupList", "apiVersion": "v1",
                    "groups": [self.group_document(g) for g in groups]}
        if parts[:2] == ["openapi", "v3"]:
            return openapi_v3(parts[2:])
        if parts == ["api", "v1"] or (len(parts) == 3 and parts[0] == "apis"):
            return self.resource_list("" if parts[0] == "api" else parts[1], parts[-1])
        if len(parts) == 2 and parts[0] == "apis":
            return self.group_document(parts[1])
        return None

    def group_document(self, group):
        versions = [{"groupVersion": f"{group}/{v}", "version": v}
                    for v in self.catalog.group_versions(group)]
        if not versions:
            raise no_such_resource()
        return {"kind": "APIGroup", "apiVersion": "v1", "name": group, "versions": versions,
                "preferredVersion": versions[0]}

    def resource_list(self, group, version):
        kinds = self.catalog.kinds_in(group, version)
        if not kinds:
            raise no_such_resource()
        return {"kind": "APIResourceList", "apiVersion": "v1",
                "groupVersion": kinds[0].api_version(version),
                "resources": [e for k in kinds for e in resource_entries(k)]}

    def resolve(self, parts):
        """The Target of /api/v1/... or /apis/GROUP/VERSION/...; 404 if it names none."""
        if len(parts) >= 3 and parts[:2] == ["api", "v1"]:
            group, version, rest = "", "v1", parts[2:]
        elif len(parts) >= 4 and parts[0] == "apis":
            group, version, rest = parts[1], parts[2], parts[3:]
        else:
            raise no_such_resource()
        namespace = ""
        if len(rest) >= 3 and rest[0] == "namespaces":
            kind = self.catalog.lookup(group, version, rest[2])
            if kind and kind.namespaced:
                namespace, rest = rest[1], rest[2:]
        kind = self.catalog.lookup(group, version, rest[0])
        if (not kind or len(rest) > 3 or (kind.namespaced and len(rest) > 1 and not namespace)
                or (len(rest) == 3 and (rest[2] != "status" or not kind.has_status))):
            raise no_such_resource()
        return Target(kind, version, namespace, *rest[1:])

    def authorize(self, user, verb, target):
        resource = target.kind.plural + (f"/{target.subresource}" if target.subresource else "")
        if (verb, resource) in self.denies:
            raise forbidden(user, verb, target)

    # --- reads -------------------------------------------------------------------------------

    def get(self, target, query, body, context):
        with self.store.cond:
            return 200, present(self.existing(target), target)

    def list(self, target, query, body, context):
        selected, limit = Filter(target.namespace, query), int(query.get("limit") or 0)
        with self.store.cond:
            rv, after = self.store.rv, None
            if query.get("continue"):
                rv, after = read_continue_token(query["continue"])
                if rv < self.store.compacted:
                    raise ApiError(410, "Expired", CONTINUE_TOO_OLD)
            items = [o for o in self.store.items(target.kind, target.namespace)
                     if selected.matches(o)
                     and (not after or (o["metadata"].get("namespace", ""),
                                        o["metadata"]["name"]) > after)]
        page = items[:limit] if limit else items
        meta = {"resourceVersion": str(rv)}
        if len(page) < len(items):
            meta["continue"] = continue_token(rv, page[-1])
            meta["remainingItemCount"] = len(items) - len(page)
        if target.kind.group:
            page = [present(o, target) for o in page]
        else:  # lists of built-in kinds carry no apiVersion/kind on their items
            page = [{k: v for k, v in o.items() if k not in ("apiVersion", "kind")} for o in page]
        return 200, {"kind": target.kind.kind + "List", "apiVersion": target.api_version,
                     "metadata": meta, "items": page}

    def watch_start(self, target, query):
        """(objects to send as ADDED, RV to follow from, drop epoch, Status to end with or None)."""
        requested, selected = query.get("resourceVersion", ""), Filter(target.namespace, query)
        with self.store.cond:
            while self.store.watches_held:
                self.store.cond.wait()
            epoch = self.store.drop_epoch
            if requested in ("", "0"):
                objects = [o for o in self.store.items(target.kind, target.namespace)
                           if selected.matches(o)]
                return objects, self.store.rv, epoch, None
            if not requested.isdigit():
                raise bad_request(f"invalid resource version: {requested}")
            rv = int(requested)
            return [], rv, epoch, self.too_old(rv) if rv < self.store.compacted else None

    def too_old(self, rv):
        message = f"too old resource version: {rv} ({self.store.compacted})"
        return ApiError(410, "Expired", message).status()

    def wait_events(self, last_rv, epoch, timeout):
        """Waits up to timeout for events after last_rv. Returns (events, the RV they reach,
        how the stream ends: None to go on, "dropped", or a Status to send as ERROR)."""
        with self.store.cond:
            if not self.store.events_after(last_rv) and epoch == self.store.drop_epoch:
                self.store.cond.wait(timeout)
            if epoch != self.store.drop_epoch:
                return [], last_rv, "dropped"
            if last_rv < self.store.compacted:
                return [], last_rv, self.too_old(last_rv)
            return self.store.events_after(last_rv), self.store.rv, None

    # --- writes ------------------------------------------------------------------------------

    def create(self, target, query, body, context):
        obj = self.decode_object(target, body)
        with self.store.cond:
            self.require_namespace(target)
            name = obj["metadata"].get("name", "")
            if self.store.get(target.kind, target.namespace, name):
                raise ApiError(409, "AlreadyExists",
                               f'{target.kind.resource_name} "{name}" already exists',
                               details(target.kind, name))
            prepare_for_create(target.kind, obj)
            record_update(None, obj, context["manager"], target.api_version)
            return 201, self.save(target, None, obj, context)

    def update(self, target, query, body, context):
        obj = self.decode_object(target, body)
        with self.store.cond:
            old = self.existing(target, obj)
            if target.subresource == "status":
                return 200, self.save(target, old, with_status(old, obj.get("status")), context)
            if target.kind.has_status:
                obj = with_status(obj, old.get("status"))
            record_update(old, obj, context["manager"], target.api_version)
            return 200, self.save(target, old, obj, context)

    def patch(self, target, query, body, context):
        media_type = context["content_type"].split(";")[0].strip()
        if media_type == "application/apply-patch+yaml":
            return self.apply(target, query, body, context)
        if media_type != "application/merge-patch+json" and not (
                media_type == "application/strategic-merge-patch+json" and not target.kind.group):
            raise ApiError(415, "UnsupportedMediaType", "the body of the request was in an "
                           "unknown format - accepted media types include: "
                           "application/merge-patch+json, application/apply-patch+yaml")
        patch = decode_json(body)
        with self.store.cond:
            old = self.existing(target, patch)
            new = merge_patch(copy.deepcopy(old), patch)
            if target.subresource == "status":
                return 200, self.save(target, old, with_status(old, new.get("status")), context)
            if target.kind.has_status:
                new = with_status(new, old.get("status"))
            new.setdefault("metadata", {}).update(name=target.name)
            if target.namespace:
                new["metadata"]["namespace"] = target.namespace
            record_update(old, new, context["manager"], target.api_version)
            return 200, self.save(target, old, new, context)

    def apply(self, target, query, body, context):
        """Server-side apply; creates the object if absent (201)."""
        manager = query.get("fieldManager")
        if not manager:
            raise ApiError(422, "Invalid", 'PatchOptions.meta.k8s.io "" is invalid: '
                           "fieldManager: Required value: is required for apply patch")
        try:
            config = drop_nulls(json.loads(body or b"{}"))
        except ValueError:
            raise ApiError(415, "UnsupportedMediaType", "this fixture takes apply patches in "
                           "JSON only (JSON is YAML), and this body is not JSON")
        check_applied_identity(target, config)
        with self.store.cond:
            old = self.store.get(target.kind, target.namespace, target.name)
            if target.subresource == "status":
                status = merge_patch(copy.deepcopy(self.existing(target).get("status")),
                                     config.get("status") or {})
                return 200, self.save(target, old, with_status(old, status), context)
            self.require_namespace(target)
            identity = {"name": target.name}
            if target.namespace:
                identity["namespace"] = target.namespace
            live = copy.deepcopy(old) if old else {"metadata": identity}
            server_side_apply(live, applied_part(config), manager, target.api_version,
                              query.get("force") == "true", target.kind, target.name)
            if old is None:
                prepare_for_create(target.kind, live)
            return 201 if old is None else 200, self.save(target, old, live, context)

    def delete(self, target, query, body, context):
        with self.store.cond:
            old = self.existing(target)
            if context["dry_run"]:
                return 200, present(old, target)
            if target.kind is NAMESPACE:
                for kind in self.catalog.kinds:
                    for obj in self.store.items(kind, target.name) if kind.namespaced else []:
                        self.store.commit(kind, copy.deepcopy(obj), deleted=True)
            gone = self.store.commit(target.kind, copy.deepcopy(old), deleted=True)
            return 200, present(gone, target)

    # --- write helpers (callers hold the lock) -----------------------------------------------

    def existing(self, target, sent=None):
        """The stored object target names: 404 if absent, 409 if `sent` (a request body)
        carries another resourceVersion."""
        obj = self.store.get(target.kind, target.namespace, target.name)
        if obj is None:
            raise not_found(target.kind, target.name)
        sent_rv = ((sent or {}).get("metadata") or {}).get("resourceVersion")
        if sent_rv and sent_rv != obj["metadata"]["resourceVersion"]:
            raise ApiError(409, "Conflict", f"Operation cannot be fulfilled on "
                           f'{target.kind.resource_name} "{target.name}": the object has been '
                           "modified; please apply your changes to the latest version and try "
                           "again", details(target.kind, target.name))
        return obj

    def require_namespace(self, target):
        if target.namespace and not self.store.get(NAMESPACE, "", target.namespace):
            raise not_found(NAMESPACE, target.namespace)

    @staticmethod
    def decode_object(target, body):
        """A create or update body: its name and namespace checked against the URL."""
        obj = decode_json(body)
        meta = obj.setdefault("metadata", {})
        if target.name and meta.setdefault("name", target.name) != target.name:
            raise bad_request(f"the name of the object ({meta['name']}) does not match the name "
                              f"on the URL ({target.name})")
        if target.namespace and meta.setdefault("namespace", target.namespace) != target.namespace:
            raise bad_request("the namespace of the provided object does not match the namespace "
                              "sent on the request")
        if not target.kind.namespaced:
            meta.pop("namespace", None)
        return obj

    def save(self, target, old, new, context, check=True):
        """Checks and stamps new (a private copy), then commits it unless dry run or unchanged.
        Returns new as served."""
        kind = target.kind
        new["apiVersion"], new["kind"] = kind.api_version(kind.storage), kind.kind
        if kind.kind == "Secret" and "stringData" in new:  # folded into data, as real servers do
            new.setdefault("data", {}).update({k: base64.b64encode(str(v).encode()).decode()
                                               for k, v in new.pop("stringData").items()})
        if check:
            self.check(kind, new)
        stamp(kind, old, new)
        if old is not None and new == old:
            return present(old, target)
        if context["dry_run"]:
            return present(new, target)
        return present(self.store.commit(kind, new), target)

    def check(self, kind, obj):
        """422 for the schema rules, then 400 from the webhook (the real admission order)."""
        name = obj["metadata"].get("name", "")
        causes = validation_causes(kind, obj)
        if causes:
            raise invalid(kind, name, causes)
        text = json.dumps(obj, separators=(",", ":"))
        for rule_kind, needle in self.webhook_rules:
            if rule_kind == kind.kind and needle in text:
                raise bad_request(f'admission webhook "{WEBHOOK_NAME}" denied the request: '
                                  f'{kind.kind} {name} contains "{needle}"')

    # --- objects at start --------------------------------------------------------------------

    def seed(self, obj):
        """Creates (or replaces) obj as given, status and managedFields included, with its
        namespace; no validation. Without managedFields, "fixture-seed" owns its fields."""
        kind, version = self.catalog.for_object(obj)
        if kind is None:
            raise SystemExit(f"seed: kind not served: {obj.get('apiVersion')} {obj.get('kind')}")
        obj = copy.deepcopy(obj)
        meta = obj.setdefault("metadata", {})
        namespace = meta.setdefault("namespace", "default") if kind.namespaced else ""
        if not namespace:
            meta.pop("namespace", None)
        if namespace and not self.store.get(NAMESPACE, "", namespace):
            self.seed({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}})
        target = Target(kind, version, namespace, meta.get("name", ""))
        prepare_for_create(kind, obj, keep_status=True)
        if "managedFields" not in meta:
            record_update(None, obj, "fixture-seed", target.api_version)
        old = self.store.get(kind, namespace, target.name)
        self.save(target, old, obj, {"dry_run": False}, check=False)

    def generate_routes(self, count):
        """Namespace bulk: Gateway gw, Service echo and `count` HTTPRoutes from gw to echo."""
        gateway_api, bulk = f"{GATEWAY_GROUP}/v1", {"namespace": "bulk"}
        self.seed({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "echo", **bulk},
                   "spec": {"selector": {"app": "echo"}, "ports": [
                       {"name": "http", "port": 8080, "protocol": "TCP", "targetPort": 8080}]}})
        self.seed({"apiVersion": gateway_api, "kind": "Gateway", "metadata": {"name": "gw", **bulk},
                   "spec": {"gatewayClassName": "fixture", "listeners": [
                       {"name": "http", "port": 80, "protocol": "HTTP"}]}})
        for name in (f"route-{i:05d}" for i in range(1, count + 1)):
            self.seed({"apiVersion": gateway_api, "kind": "HTTPRoute",
                       "metadata": {"name": name, **bulk},
                       "spec": {"parentRefs": [{"name": "gw"}],
                                "hostnames": [f"{name}.example.com"],
                                "rules": [{"backendRefs": [{"name": "echo", "port": 8080}]}]}})


def check_applied_identity(target, config):
    """400 unless an apply body is an object of the kind, version and name of the URL."""
    if not isinstance(config, dict):
        raise bad_request("the body of an apply patch must be an object")
    identity = (config.get("apiVersion"), config.get("kind"),
                (config.get("metadata") or {}).get("name"))
    if identity != (target.api_version, target.kind.kind, target.name):
        raise bad_request("the apiVersion, kind and name in the data (%s, %s, %s) do not match "
                          "the URL's (%s, %s, %s)" % (*identity, target.api_version,
                                                      target.kind.kind, target.name))


def applied_part(config):
    """What apply applies: metadata's labels and annotations, and all but metadata and status."""
    meta = config.get("metadata") or {}
    part = {k: v for k, v in config.items()
            if k not in ("apiVersion", "kind", "metadata", "status")}
    part["metadata"] = {k: meta[k] for k in ("labels", "annotations") if k in meta}
    return part


def prepare_for_create(kind, obj, keep_status=False):
    """What a real server sets on a new object: status dropped; a namespace Active, labelled."""
    if kind.has_status and not keep_status:
        obj.pop("status", None)
    if kind is NAMESPACE:
        meta = obj["metadata"]
        meta.setdefault("labels", {})["kubernetes.io/metadata.name"] = meta.get("name", "")
        obj.setdefault("spec", {"finalizers": ["kubernetes"]})
        obj.setdefault("status", {"phase": "Active"})


def stamp(kind, old, new):
    """Server-set metadata: uid and creationTimestamp; resourceVersion as old's (commit bumps
    it); generation for non-core kinds: 1, +1 whenever anything but metadata and status
    changes."""
    meta = new["metadata"]
    if old is None:
        meta.pop("resourceVersion", None)
        meta.update(uid=str(uuid.uuid4()), creationTimestamp=now_rfc3339())
        if kind.group:
            meta["generation"] = 1
        return
    for key in ("uid", "creationTimestamp", "resourceVersion", "generation"):
        if key in old["metadata"]:
            meta[key] = old["metadata"][key]

    def content(obj):
        return {k: v for k, v in obj.items() if k not in ("metadata", "status")}

    if kind.group and content(new) != content(old):
        meta["generation"] = old["metadata"].get("generation", 1) + 1


# ---------------------------------------------------------------------------------------------
# HTTP

WRITE_VERBS = {"POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete"}


def request_verb(method, target, query):
    """The RBAC verb of a request; 405 for what is not served (deletecollection among them)."""
    if method == "GET":
        if target.name:
            return "get"
        return "watch" if query.get("watch") in ("1", "true") else "list"
    verb = WRITE_VERBS.get(method)
    names_one = bool(target.name) != (verb == "create")  # create names none, the others one
    if verb is None or not names_one or (target.subresource and verb == "delete"):
        raise ApiError(405, "MethodNotAllowed",
                       "the server does not allow this method on the requested resource")
    return verb


class Handler(BaseHTTPRequestHandler):
    """One connection: HTTP/1.1 keep-alive, Content-Length on everything but watch streams."""
    protocol_version = "HTTP/1.1"
    server_version = "fake-apiserver"

    def setup(self):
        self.request.settimeout(10)
        self.request.do_handshake()  # here, so that a slow client holds up only its own thread
        self.request.settimeout(None)
        super().setup()

    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def dispatch(self):
        api, url = self.server.api, urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if url.path.startswith("/fixture/"):
            return self.control(url.path)
        user = self.authenticate()
        with api.requests_lock:
            api.requests.append({"method": self.command, "path": url.path, "query": url.query,
                                 "user": user, "contentType": self.headers.get("Content-Type"),
                                 "userAgent": self.headers.get("User-Agent")})
        try:
            if user is None:
                raise ApiError(401, "Unauthorized", "Unauthorized")
            self.serve(user, [p for p in url.path.split("/") if p], query, body)
        except ApiError as err:
            self.send_json(err.code, err.status())
        except Exception:  # a fixture bug: a 500, and the traceback on stderr
            traceback.print_exc()
            self.send_json(500, ApiError(500, "InternalError", "fixture error").status())

    def serve(self, user, parts, query, body):
        api = self.server.api
        document = api.discovery(parts) if self.command == "GET" else None
        if document is not None:
            return self.send_json(200, document)
        target = api.resolve(parts)
        verb = request_verb(self.command, target, query)
        api.authorize(user, verb, target)
        if verb == "watch":
            return self.stream_watch(target, query)
        agent = self.headers.get("User-Agent") or "unknown"
        context = {"dry_run": query.get("dryRun") == "All",
                   "manager": query.get("fieldManager") or agent.split("/")[0],
                   "content_type": self.headers.get("Content-Type", "")}
        self.send_json(*getattr(api, verb)(target, query, body, context))

    def authenticate(self):
        """The user: the verified client certificate's CN, or alice for the bearer token."""
        for rdn in (self.connection.getpeercert() or {}).get("subject", ()):
            for key, value in rdn:
                if key == "commonName":
                    return value
        if self.headers.get("Authorization") == "Bearer " + self.server.token:
            return "alice"
        return None

    def control(self, path):
        api, store, action = self.server.api, self.server.api.store, (self.command, path)
        if action == ("GET", "/fixture/requests"):
            with api.requests_lock:
                return self.send_json(200, list(api.requests))
        if action == ("POST", "/fixture/reset-requests"):
            with api.requests_lock:
                api.requests.clear()
        elif action == ("POST", "/fixture/drop-watches"):
            with store.cond:
                store.drop_epoch += 1
                store.cond.notify_all()
        elif action == ("POST", "/fixture/compact"):
            with store.cond:
                store.compact()
        elif action in (("POST", "/fixture/hold-watches"), ("POST", "/fixture/release-watches")):
            with store.cond:
                store.watches_held = path.endswith("hold-watches")
                store.cond.notify_all()
        else:
            return self.send_json(404, no_such_resource().status())
        self.send_json(200, {"resourceVersion": str(store.rv)})

    # --- watch streams -----------------------------------------------------------------------

    def stream_watch(self, target, query):
        """Chunked JSON events, one per line, until timeoutSeconds, a 410 (as an ERROR event),
        the client leaving, or /fixture/drop-watches (which cuts the socket mid-stream)."""
        objects, last_rv, epoch, end = self.server.api.watch_start(target, query)
        timeout = query.get("timeoutSeconds")
        deadline = time.monotonic() + float(timeout) if timeout else None
        bookmarks = query.get("allowWatchBookmarks") in ("1", "true")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            if end is None:
                for obj in objects:
                    self.send_event("ADDED", present(obj, target))
                end = self.follow(target, Filter(target.namespace, query), last_rv, epoch,
                                  deadline, self.server.bookmark_interval if bookmarks else None)
            if end == "dropped":
                self.close_connection = True
                return self.connection.shutdown(socket.SHUT_RDWR)
            if end is not None:
                self.send_event("ERROR", end)
            self.send_chunk(b"")
        except OSError:  # the client left
            self.close_connection = True

    def follow(self, target, selected, last_rv, epoch, deadline, interval):
        """Sends the events after last_rv as they come, and bookmarks every interval seconds
        (None: no bookmarks). Returns how the stream ends (see Api.wait_events)."""
        next_bookmark = time.monotonic() + interval if interval else None
        first_bookmark = True
        while True:
            now = time.monotonic()
            wake = min(t for t in (deadline, next_bookmark, now + 1.0) if t is not None)
            events, last_rv, end = self.server.api.wait_events(last_rv, epoch, max(0, wake - now))
            if end is not None:
                return end
            for event in events:
                if event.kind == target.kind and selected.matches(event.obj):
                    self.send_event(event.type, present(event.obj, target))
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                return None
            if next_bookmark is not None and now >= next_bookmark:
                meta = {"resourceVersion": str(last_rv)}
                if first_bookmark:
                    meta["annotations"] = {"k8s.io/initial-events-end": "true"}
                self.send_event("BOOKMARK", {"kind": target.kind.kind,
                                             "apiVersion": target.api_version, "metadata": meta})
                first_bookmark, next_bookmark = False, now + interval
            if not events and select.select([self.connection], [], [], 0)[0]:
                raise ConnectionResetError()  # a watching client sends nothing: it has closed

    def send_event(self, event_type, obj):
        line = json.dumps({"type": event_type, "object": obj}, separators=(",", ":")) + "\n"
        self.send_chunk(line.encode())

    def send_chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    # --- plain answers -----------------------------------------------------------------------

    def send_json(self, code, obj):
        data = json.dumps(obj, separators=(",", ":")).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache, private")
        self.end_headers()
        self.wfile.write(data)

    def log_request(self, code="-", size="-"):
        sys.stderr.write(f"{self.command} {self.path} {code}\n")

    def log_message(self, fmt, *args):
        sys.stderr.write("fake-apiserver: " + (fmt % args) + "\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if isinstance(error, (ssl.SSLError, ConnectionError, TimeoutError)):
            sys.stderr.write(f"fake-apiserver: connection ended: {error}\n")
        else:
            super().handle_error(request, client_address)


def make_server(port, state_dir, api, token, bookmark_interval):
    """The TLS server on 127.0.0.1: client certificates requested, checked against ca.crt,
    optional; no ALPN, so clients speak HTTP/1.1."""
    server = Server(("127.0.0.1", port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(state_dir, "server.crt"),
                            os.path.join(state_dir, "server.key"))
    context.load_verify_locations(os.path.join(state_dir, "ca.crt"))
    context.verify_mode = ssl.CERT_OPTIONAL
    server.socket = context.wrap_socket(server.socket, server_side=True,
                                        do_handshake_on_connect=False)
    server.api, server.token, server.bookmark_interval = api, token, bookmark_interval
    api.port = server.server_address[1]
    return server


# ---------------------------------------------------------------------------------------------
# Credentials: certificates, token, exec plugin, kubeconfig

EC_KEY = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")


def openssl(state_dir, *args):
    subprocess.run(["openssl", *args], cwd=state_dir, check=True, capture_output=True)


def issue_certificate(state_dir, name, subject, extensions):
    """NAME.key and NAME.crt (EC P-256), signed by the CA."""
    with open(os.path.join(state_dir, f"{name}.ext"), "w") as out:
        out.write("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n" + extensions)
    openssl(state_dir, "req", "-new", *EC_KEY, "-keyout", f"{name}.key", "-out", f"{name}.csr",
            "-subj", subject)
    openssl(state_dir, "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
            "-set_serial", str(secrets.randbits(63)), "-days", "3650", "-out", f"{name}.crt",
            "-extfile", f"{name}.ext")
    for leftover in (f"{name}.csr", f"{name}.ext"):
        os.remove(os.path.join(state_dir, leftover))


def make_credentials(state_dir):
    """Writes the CA, the server and client certificates, the token and the exec plugin.
    Returns the token."""
    openssl(state_dir, "req", "-x509", *EC_KEY, "-keyout", "ca.key", "-out", "ca.crt",
            "-days", "3650", "-subj", "/CN=fixture-ca")
    issue_certificate(state_dir, "server", "/CN=fixture-apiserver",
                      "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n")
    issue_certificate(state_dir, "client", "/O=developers/CN=alice",
                      "extendedKeyUsage=clientAuth\n")
    token = secrets.token_hex(24)
    with open(os.path.join(state_dir, "token"), "w") as out:
        out.write(token)
    credential = json.dumps({"apiVersion": "client.authentication.k8s.io/v1",
                             "kind": "ExecCredential", "status": {"token": token}})
    plugin = os.path.join(state_dir, "exec-plugin.sh")
    with open(plugin, "w") as out:
        out.write("#!/bin/sh\n# Exec credential plugin of the fake API server: keeps the exec "
                  "info it gets, prints the token.\n"
                  f"printf '%s' \"$KUBERNETES_EXEC_INFO\" > "
                  f"{shlex.quote(os.path.join(state_dir, 'exec-info.json'))}\n"
                  f"printf '%s\\n' {shlex.quote(credential)}\n")
    os.chmod(plugin, 0o755)
    return token


def write_kubeconfig(state_dir, port, token):
    def path(name):  # a JSON string is also a YAML (double-quoted) string
        return json.dumps(os.path.join(state_dir, name))

    def data(name):
        with open(os.path.join(state_dir, name), "rb") as f:
            return base64.b64encode(f.read()).decode()

    users = {"alice-cert": [f"client-certificate-data: {data('client.crt')}",
                            f"client-key-data: {data('client.key')}"],
             "alice-token": [f'token: "{token}"'],
             "alice-token-file": [f"tokenFile: {path('token')}"],
             "alice-exec": ["exec:", "  apiVersion: client.authentication.k8s.io/v1",
                            f"  command: {path('exec-plugin.sh')}", "  interactiveMode: Never"],
             "expired": ['token: "expired-token"']}
    contexts = {"fixture-cert": ("fixture", "alice-cert"),
                "fixture-token": ("fixture", "alice-token"),
                "fixture-token-file": ("fixture", "alice-token-file"),
                "fixture-exec": ("fixture", "alice-exec"),
                "fixture-insecure": ("fixture-insecure", "alice-token"),
                "fixture-expired": ("fixture", "expired")}
    server = f"    server: https://127.0.0.1:{port}"
    lines = ["apiVersion: v1", "kind: Config", "clusters:",
             "- name: fixture", "  cluster:", server,
             f"    certificate-authority-data: {data('ca.crt')}",
             "- name: fixture-insecure", "  cluster:", server, "    insecure-skip-tls-verify: true",
             "users:"]
    for name, fields in users.items():
        lines += [f"- name: {name}", "  user:", *("    " + f for f in fields)]
    lines.append("contexts:")
    for name, (cluster, user) in contexts.items():
        lines += [f"- name: {name}", "  context:", f"    cluster: {cluster}", f"    user: {user}",
                  "    namespace: default"]
    lines += ["current-context: fixture-cert", "preferences: {}"]
    with open(os.path.join(state_dir, "kubeconfig"), "w") as out:
        out.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------------------------------------
# Start

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--gateway-api", choices=sorted(GATEWAY_BUNDLES), default="v1.6.1")
    parser.add_argument("--seed", action="append", default=[], metavar="FILE.json")
    parser.add_argument("--generate-routes", type=int, default=0, metavar="N")
    parser.add_argument("--deny", action="append", default=[], metavar="VERB:RESOURCE")
    parser.add_argument("--webhook-deny", action="append", default=[], metavar="KIND=TEXT")
    parser.add_argument("--bookmark-interval", type=float, default=1.0, metavar="SECONDS")
    args = parser.parse_args(argv)
    if any(":" not in d for d in args.deny) or any("=" not in w for w in args.webhook_deny):
        parser.error("--deny takes VERB:RESOURCE and --webhook-deny KIND=TEXT")
    if args.generate_routes and args.gateway_api == "none":
        parser.error("--generate-routes needs the Gateway API kinds")
    return args


def load_objects(api, seed_files, route_count):
    """Namespaces default and kube-system, the CRDs, the seed files, the generated routes."""
    with api.store.cond:
        for name in ("default", "kube-system"):
            api.seed({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
        for kind in api.catalog.gateway_kinds:
            api.seed(crd_object(kind, api.catalog.bundle))
        for path in seed_files:
            with open(path) as f:
                data = json.load(f)
            for obj in data.get("items", []) if isinstance(data, dict) else data:
                api.seed(obj)
        if route_count:
            api.generate_routes(route_count)


def main(argv=None):
    args = parse_args(argv)
    state_dir = os.path.abspath(args.state_dir)
    os.makedirs(state_dir, exist_ok=True)
    token = make_credentials(state_dir)
    api = Api(Catalog(args.gateway_api), Store(),
              denies=[tuple(d.split(":", 1)) for d in args.deny],
              webhook_rules=[tuple(w.split("=", 1)) for w in args.webhook_deny])
    load_objects(api, args.seed, args.generate_routes)
    server = make_server(args.port, state_dir, api, token, args.bookmark_interval)
    write_kubeconfig(state_dir, api.port, token)
    for stop in (signal.SIGTERM, signal.SIGINT):  # SIGINT too: it may be inherited ignored
        signal.signal(stop, lambda *_: sys.exit(0))
    print(f"ready https://127.0.0.1:{api.port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
