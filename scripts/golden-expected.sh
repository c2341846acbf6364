#!/usr/bin/env bash
# Records what a release's replay CLI answers on a golden journal: the expected outputs that every later release must
# reproduce exactly (tests/Replay.Tests/GoldenReplayTests.cs runs the same cases in process).
#
#   ./scripts/golden-expected.sh FIXTURE IPAMD
#
# FIXTURE is a golden journal folder (tests/Golden/vX.Y/NAME) holding journal/ and cases.txt; IPAMD is the
# escni-ipamd binary of the release that wrote the journal. cases.txt has one case per line: a name, then the
# arguments of `escni-ipamd`, with $JOURNAL standing for the journal directory; blank lines and # comments are skipped.
# Each case runs on a fresh copy of journal/ (the CLI never writes, but a copy is what an operator reads) and writes
# expected/NAME.out (stdout, the copy's path replaced by $JOURNAL), expected/NAME.err when stderr is not empty, and
# a line "NAME EXIT" in expected/exit-codes.txt.
set -euo pipefail

fixture=${1:?usage: golden-expected.sh FIXTURE IPAMD}
ipamd=${2:?usage: golden-expected.sh FIXTURE IPAMD}
[ -f "$fixture/cases.txt" ] || { echo "golden-expected.sh: $fixture/cases.txt is missing" >&2; exit 2; }
[ -d "$fixture/journal" ] || { echo "golden-expected.sh: $fixture/journal is missing" >&2; exit 2; }
rm -rf "$fixture/expected"
mkdir -p "$fixture/expected"
tmp=$(mktemp -d /tmp/escni-golden-expected.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

while read -r name args; do
  case "$name" in ''|'#'*) continue ;; esac
  copy="$tmp/$name/journal"
  mkdir -p "$copy"
  cp -p "$fixture"/journal/* "$copy/"
  # shellcheck disable=SC2086 # the arguments are words by design (no case needs spaces)
  set -- ${args//\$JOURNAL/$copy}
  exit_code=0
  "$ipamd" "$@" >"$tmp/out" 2>"$tmp/err" || exit_code=$?
  sed "s|$copy|\$JOURNAL|g" "$tmp/out" >"$fixture/expected/$name.out"
  [ -s "$tmp/err" ] && sed "s|$copy|\$JOURNAL|g" "$tmp/err" >"$fixture/expected/$name.err"
  echo "$name $exit_code" >>"$fixture/expected/exit-codes.txt"
  echo "$name: exit $exit_code, $(wc -l <"$fixture/expected/$name.out") lines"
done <"$fixture/cases.txt"
