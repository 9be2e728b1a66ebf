#!/usr/bin/env bash
# Installs what StreamAgg needs on a Debian 12 machine, then restores and builds.
# Idempotent and quiet when everything is already there: apt runs only for missing packages,
# the build only when a source file is newer than the last build.
#   --quiet   print nothing unless something is installed or fails
#   --no-build  install system packages only
set -euo pipefail
cd "$(dirname "$0")/.."

quiet=0; build=1
for arg in "$@"; do
  case "$arg" in
    --quiet) quiet=1 ;;
    --no-build) build=0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }

# PostgreSQL 15 with postgresql-hll. librdkafka is not among them: it comes with Confluent.Kafka's
# NuGet package (librdkafka.redist), see src/Kafka/Native. Nor is kcat, which would bring Debian's
# librdkafka 2.0.2 along: install it by hand for manual checks if you like.
# The browser tests and the demo's player page: Debian's chromium (Playwright drives it through
# ExecutablePath and never downloads a browser of its own), a font so pages and screenshots render
# text, and ffmpeg, which encodes the short test video at run time (no video is committed).
packages=(postgresql-15 postgresql-15-hll chromium fonts-liberation ffmpeg)
# npm installs the dashboard's charting library (below); Debian's npm brings Node.js along.
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} (apt)"
  sudo_cmd=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
    sudo_cmd=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq >/dev/null
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is missing (dotnet not on PATH)" >&2; exit 1; }

# The dashboard's charting library (uPlot) from the npm registry, exactly as package-lock.json pins
# it; StreamAgg.Web embeds the built files, so nothing is fetched at run time.
dashboard=src/Web/Dashboard
if [ ! -f "$dashboard/node_modules/.package-lock.json" ] || [ "$dashboard/package-lock.json" -nt "$dashboard/node_modules/.package-lock.json" ]; then
  say "installing the dashboard's npm packages (npm ci)"
  (cd "$dashboard" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
fi

if [ "$build" = 1 ]; then
  # The development host: the shipped CLI (src/Cli) plus demo, kafka and bench (dev/).
  stamp=dev/StreamAgg.Dev.Cli/bin/Release/net10.0/streamagg-dev.dll
  if [ ! -f "$stamp" ] || [ -n "$(find src dev benchmarks topics.yaml Directory.Build.props Directory.Packages.props \( -name bin -o -name obj \) -prune -o -newer "$stamp" -type f -print -quit 2>/dev/null)" ]; then
    say "building (Release)"
    log=$(mktemp)
    if ! dotnet build dev/StreamAgg.Dev.Cli/StreamAgg.Dev.Cli.csproj -c Release --nologo -v q -clp:NoSummary >"$log" 2>&1; then
      cat "$log" >&2; rm -f "$log"; echo "setup: build failed" >&2; exit 1
    fi
    rm -f "$log"
    touch "$stamp"
  fi
fi
say "ready"
