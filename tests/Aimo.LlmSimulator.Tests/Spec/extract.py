#!/usr/bin/env python3
"""Regenerates the spec fragments in this folder from OpenAI's published OpenAPI document.

Usage: python3 extract.py <path to openapi.json of github.com/openai/openai-openapi> <commit>
                         [<path to openapi.yaml at LEGACY_COMMIT> ]
See README.md for what is kept and how it is transformed.
"""
import json
import sys

ROOTS = [
    "CreateChatCompletionResponse",
    "CreateChatCompletionStreamResponse",
    "ErrorResponse",
    "ListModelsResponse",
    "Model",
    "OpenAIFile",
    "DeleteFileResponse",
    "Batch",
    "ListBatchesResponse",
]
# Schemas the current document no longer carries, taken from the last commit that did (the batch output line format).
LEGACY_COMMIT = "498c71ddf6f1c45b983f972ccabca795da211a3e"
LEGACY_ROOTS = ["BatchRequestOutput"]
# Objects whose optional properties the real API sends as null until they are set, though the spec types them
# without null: the API reference's batch example sends "errors": null, "failed_at": null, ...
NULL_WHEN_UNSET = ["Batch"]
# Documentation-only or OpenAPI-only keywords; dropped so a JSON Schema validator sees only its own vocabulary.
DROPPED = {"discriminator", "example", "examples", "description", "title"}


def closure(schemas):
    seen = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    name = value.split("/")[-1]
                    if name not in seen:
                        seen.append(name)
                        walk(schemas[name])
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for root in ROOTS:
        if root not in seen:
            seen.append(root)
            walk(schemas[root])
    return sorted(seen)


def convert(node):
    """OpenAPI -> JSON Schema 2020-12: refs to $defs, `nullable: true` to a null alternative, objects closed."""
    if isinstance(node, list):
        return [convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key.startswith("x-") or key in DROPPED:
            continue
        if key == "$ref":
            out[key] = "#/$defs/" + value.split("/")[-1]
        elif key in ("properties", "$defs", "patternProperties"):
            out[key] = {name: convert(sub) for name, sub in value.items()}
        else:
            out[key] = convert(value)
    nullable = out.pop("nullable", False)
    # Closed objects: an invented or misspelled field fails validation instead of passing unnoticed.
    if "properties" in out and "additionalProperties" not in out and "unevaluatedProperties" not in out:
        out["unevaluatedProperties"] = False
    if nullable:
        if "$ref" in out or "anyOf" in out or "oneOf" in out or "allOf" in out:
            out = {"anyOf": [out, {"type": "null"}]}
        elif "type" in out:
            out["type"] = [out["type"], "null"] if isinstance(out["type"], str) else out["type"] + ["null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = out["enum"] + [None]
    return out


def legacy_schemas(yaml_path):
    """Cuts each legacy schema's block out of the old YAML (whole, it has duplicate anchors PyYAML refuses)."""
    import yaml
    lines = open(yaml_path, encoding="utf-8").read().split("\n")
    found = {}
    for name in LEGACY_ROOTS:
        start = lines.index(f"    {name}:")
        end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("    ") and not lines[i].startswith("     "))
        found[name] = yaml.safe_load("\n".join(line[6:] for line in lines[start + 1:end]))
    return found


def null_when_unset(schema):
    out = dict(schema)
    out["properties"] = {
        name: sub if name in schema.get("required", []) else {**sub, "nullable": True}
        for name, sub in schema["properties"].items()
    }
    return out


def request_parameters(schemas, name):
    schema = schemas[name]
    names = []
    for part in schema.get("allOf", [schema]):
        if "$ref" in part:
            names += request_parameters(schemas, part["$ref"].split("/")[-1])
        else:
            names += list(part.get("properties", {}))
    return names


def main():
    path, commit = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    schemas = spec["components"]["schemas"]
    source = f"github.com/openai/openai-openapi, openapi.json at commit {commit} (info.version {spec['info']['version']})"
    defs = {name: convert(null_when_unset(schemas[name]) if name in NULL_WHEN_UNSET else schemas[name]) for name in closure(schemas)}
    if len(sys.argv) > 3:
        defs.update({name: convert(schema) for name, schema in legacy_schemas(sys.argv[3]).items()})
    legacy = f"; {', '.join(LEGACY_ROOTS)} from openapi.yaml at commit {LEGACY_COMMIT}" if len(sys.argv) > 3 else ""
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": f"Extracted by extract.py from {source}{legacy}. Transformed: see README.md.",
        "$defs": dict(sorted(defs.items())),
    }
    with open("openai-chat-schemas.json", "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1, sort_keys=True)
        f.write("\n")
    parameters = {
        "$comment": f"Top-level properties of CreateChatCompletionRequest (with its allOf parts), from {source}.",
        "parameters": sorted(set(request_parameters(schemas, "CreateChatCompletionRequest"))),
    }
    with open("openai-chat-request-parameters.json", "w", encoding="utf-8") as f:
        json.dump(parameters, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
