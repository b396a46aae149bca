#!/usr/bin/env bash
# Brings up the whole AIMO stack locally: ensures redis-server and PostgreSQL are installed, then
# runs the Aspire AppHost (dashboard on http://localhost:15080). Extra arguments go to the AppHost,
# e.g. ./run.sh --Aimo:Infrastructure=containers
set -euo pipefail
cd "$(dirname "$0")"
if ! docker info >/dev/null 2>&1; then
  scripts/prerequisites.sh
fi
exec dotnet run --project Aimo.AppHost --launch-profile http -- "$@"
