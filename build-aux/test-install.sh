#!/bin/sh
# Installs the build into a temporary DESTDIR and checks that a desktop would find Glaux:
# launcher, metainfo, icons, settings schema and D-Bus service land in the standard places,
# and the installed programs start.
set -eu

build_dir=$1
prefix=$2
app_id=$3

destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT

meson install -C "$build_dir" --no-rebuild --quiet --destdir "$destdir"
root="$destdir$prefix"

check_file () {
  if [ ! -s "$root/$1" ]; then
    echo "not installed: $prefix/$1"
    exit 1
  fi
  echo "installed: $prefix/$1"
}

check_file "bin/glaux"
check_file "bin/glaux-local"
check_file "share/applications/$app_id.desktop"
check_file "share/metainfo/$app_id.metainfo.xml"
check_file "share/icons/hicolor/scalable/apps/$app_id.svg"
check_file "share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
check_file "share/glib-2.0/schemas/io.github.glaux.Glaux.gschema.xml"
check_file "share/dbus-1/services/$app_id.service"

desktop-file-validate "$root/share/applications/$app_id.desktop"
grep -qx "Icon=$app_id" "$root/share/applications/$app_id.desktop"
grep -qx "Exec=$prefix/bin/glaux --gapplication-service" "$root/share/dbus-1/services/$app_id.service"
appstreamcli validate --no-net "$root/share/metainfo/$app_id.metainfo.xml" >/dev/null
glib-compile-schemas --strict --targetdir "$destdir" "$root/share/glib-2.0/schemas"

# Leak checking of sanitizer builds belongs to the unit tests; here only starting matters.
export ASAN_OPTIONS=detect_leaks=0
"$root/bin/glaux" --version | grep -q '^Glaux '
"$root/bin/glaux-local" --version >/dev/null
echo "installed programs start: $("$root/bin/glaux" --version)"
