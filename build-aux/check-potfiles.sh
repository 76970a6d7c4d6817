#!/bin/sh
# Fails when a source file with translatable strings is missing from po/POTFILES.in, or when
# POTFILES.in names a file that does not exist.
set -eu
cd "${1:-$(dirname "$0")/..}"

listed=$(grep -v '^#' po/POTFILES.in | grep -v '^$' | sort)
status=0

for file in $listed; do
  if [ ! -f "$file" ]; then
    echo "po/POTFILES.in lists $file, which does not exist"
    status=1
  fi
done

translatable=$( {
  grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext)\(' --include='*.c' src || true
  grep -rl 'translatable="yes"' --include='*.ui' ui || true
  ls data/*.desktop.in.in data/*.metainfo.xml.in.in data/*.gschema.xml 2>/dev/null || true
} | sort -u)

for file in $translatable; do
  if ! printf '%s\n' "$listed" | grep -qx "$file"; then
    echo "$file has translatable strings but is not listed in po/POTFILES.in"
    status=1
  fi
done

if [ $status -eq 0 ]; then
  echo "po/POTFILES.in lists all $(printf '%s\n' "$translatable" | wc -l) files with translatable strings"
fi
exit $status
