#!/usr/bin/env python3
"""Regenerates the spec fragments in this folder from OpenAI's published OpenAPI document.

Usage: python3 extract.py <path to openapi.json of github.com/openai/openai-openapi> <commit>
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
]
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
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": f"Extracted by extract.py from {source}. Transformed: see README.md.",
        "$defs": {name: convert(schemas[name]) for name in closure(schemas)},
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
