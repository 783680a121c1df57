#!/usr/bin/env bash
# Mutation testing with Stryker.NET (pinned in .config/dotnet-tools.json): breaks the code one small
# change at a time and reports each change no test noticed. Not part of scripts/test.sh or CI: one
# folder takes from minutes to hours (docs/quality.md records the last runs and their times).
#
#   bash scripts/mutation.sh istio|dns|traffic|render|render-ownership [extra dotnet-stryker options]
#
# Runs niced, one test process at a time. The report lands in StrykerOutput/ beside the test
# project (ignored by git): reports/mutation-report.html and .json, and the survivors on the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:-}"
case "$target" in
  istio|dns|traffic) tests=tests/MeshInfra.Model.Tests; config="stryker/model-$target.json" ;;
  render) tests=tests/MeshInfra.Cli.Tests; config=stryker/cli-render.json ;;
  # The ownership files only, against the render ownership tests only: the whole CLI suite takes 12 min
  # a run on a loaded machine, and Stryker waits that long again (its timeout) on a mutant that hangs.
  render-ownership) tests=tests/MeshInfra.Cli.Tests; config=stryker/cli-render-ownership.json ;;
  *) echo "usage: bash scripts/mutation.sh istio|dns|traffic|render|render-ownership [dotnet-stryker options]" >&2; exit 2 ;;
esac
shift

dotnet tool restore >/dev/null
# Stryker runs every test that reaches a mutant once per mutant: the property tests check 20 generated
# catalogs here instead of CI's 150 (same seed), or what MESHINFRA_PROPERTY_CASES says.
export MESHINFRA_PROPERTY_CASES="${MESHINFRA_PROPERTY_CASES:-20}"
root="$PWD"
cd "$tests"
start=$(date +%s)
nice -n 10 dotnet tool run dotnet-stryker -- --config-file "$root/$config" "$@"
echo "mutation run '$target' took $(( ($(date +%s) - start) / 60 )) min"
