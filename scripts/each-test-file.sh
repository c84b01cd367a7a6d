#!/usr/bin/env bash
# Runs every test file alone (npx vitest run <file>), one after another, and lists the files that
# fail: a test that passes only after another file's tests ran is a test of the order, not of
# Roster. Slow (a vitest start per file); run it after changing shared test helpers.
#   bash scripts/each-test-file.sh [pattern]      e.g. bash scripts/each-test-file.sh test/integration/scim
#   (the pattern is an extended regex: 'test/unit|scim/list|authz/quotas')
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -t each-test-file.XXXXXX) # its own file: other worktrees may run this at the same time
trap 'rm -f "$log"' EXIT
failed=()
count=0
while IFS= read -r file; do
  count=$((count + 1))
  if npx vitest run "$file" >"$log" 2>&1; then
    echo "ok      $file"
  else
    echo "FAILED  $file"
    tail -n 40 "$log" | sed 's/^/        /'
    failed+=("$file")
  fi
done < <(git ls-files 'test/**/*.test.ts' | grep -E -- "${1:-}")
echo "${count} files, ${#failed[@]} failed${failed:+: ${failed[*]}}"
[ "${#failed[@]}" -eq 0 ]
