#!/usr/bin/env bash
# Prints the password hash of an admin operator, for the AppHost's admin-operators secret.
#   scripts/hash-password.sh alice          -> asks for the password (no echo), prints alice:<hash>
#   echo "$PASSWORD" | scripts/hash-password.sh alice
# Append the line to the comma-separated admin-operators value, e.g.
#   dotnet user-secrets set Parameters:admin-operators "admin:<hash>,alice:<hash>" --project Aimo.AppHost
set -euo pipefail
cd "$(dirname "$0")/.."
# Build output goes to stderr, so that only the hash is on stdout (usable in $(...)).
dotnet build src/Aimo.Admin -nologo -v:q >&2
exec dotnet run --project src/Aimo.Admin --no-build --no-launch-profile -- hash-password "$@"
