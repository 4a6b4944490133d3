#!/usr/bin/env bash
# Builds Vigil's base container image from what is on this machine, without a registry or a Docker engine:
# a jlink'ed Java 25 runtime (from the Temurin JDK), the host's glibc and the few shared libraries the runtime,
# the embedded PostgreSQL and the JNI libraries (RocksDB for the Kafka Streams engine, zstd, snappy) load, /bin/sh
# (dash: pg_ctl and initdb start the server through it), the C.UTF-8 locale, tzdata, CA certificates, and a user
# `vigil` (uid/gid 10001) whose home is the data dir /data.
#
# The result is a `docker save` tarball (manifest.json, config, one uncompressed tar per layer) that Jib takes as
# `<from><image>tar://...</image></from>` (server/pom.xml) and that `docker load` / `podman load` also accept.
# Reproducible: same host packages and JDK in, same bytes out (sorted entries, fixed mtimes and owners, a fixed
# creation time); `sha256sum` the output of two runs to check.
#
# Usage:  deploy/base-image.sh [OUTPUT_TAR]          (default deploy/target/vigil-base.tar)
# Env:    JAVA_HOME      the JDK to jlink from (default /usr/lib/jvm/temurin-25-jdk-amd64)
#         BASE_TAG       the tag recorded in the tarball (default vigil-base:25)
# Needs:  root (to give /data to uid 10001 in the layer); GNU tar, jq, ldd, sha256sum; a Linux amd64 glibc host.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/target/vigil-base.tar}"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
BASE_TAG="${BASE_TAG:-vigil-base:25}"
EPOCH=0
CREATED="1970-01-01T00:00:00Z"
ARCH_LIBDIR=/usr/lib/x86_64-linux-gnu

# The Java modules: the whole Java SE API plus the JDK modules a Spring Boot / Kafka service uses at run time
# (jdeps over the server's classes and libraries names java.desktop, java.instrument, java.net.http, java.prefs,
# java.scripting, java.security.jgss/sasl, java.sql.rowset, java.xml.crypto, jdk.jfr, jdk.management, jdk.net and
# jdk.unsupported — all covered here), locale data for English and Chinese, and jcmd for diagnostics in a pod.
MODULES=java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.charsets,jdk.localedata,jdk.net,jdk.naming.dns,\
jdk.management,jdk.management.agent,jdk.management.jfr,jdk.jfr,jdk.security.auth,jdk.security.jgss,jdk.jcmd

# Shared libraries that are not in the Java runtime's own closure but are loaded by what runs on it: the embedded
# PostgreSQL 18 binaries (zonky; they ship their own libssl, ICU, libxml2, zlib) and RocksDB's JNI library need
# libstdc++ and libgcc_s; the rest are glibc's (libdl, libpthread, librt are stubs since 2.34 but still linked).
EXTRA_LIBS=(libstdc++.so.6 libgcc_s.so.1 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libc.so.6)

for tool in tar jq ldd sha256sum "$JAVA_HOME/bin/jlink"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "base-image: '$tool' not found" >&2; exit 1; }
done
SPEC="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
[[ "$SPEC" == 25 ]] || { echo "base-image: JAVA_HOME ($JAVA_HOME) is not a JDK 25" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
OS="$WORK/os"      # layer 1: libraries, shell, users, locale, tzdata, certificates
JRE="$WORK/java"   # layer 2: the Java runtime under /opt/java
mkdir -p "$OS" "$JRE/opt"

echo "base-image: jlink ($MODULES)" >&2
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --include-locales=en,zh \
  --strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive \
  --output "$JRE/opt/java"

# Merged /usr, as in Debian: /bin, /lib, /lib64 and /sbin are links into /usr. Empty /proc, /sys and /dev are mount
# points for a chroot (container runtimes make their own).
mkdir -p "$OS/usr/bin" "$OS/usr/sbin" "$OS$ARCH_LIBDIR" "$OS/usr/lib64" "$OS/etc" "$OS/tmp" "$OS/data" "$OS/proc" "$OS/sys" "$OS/dev" \
  "$OS/usr/share/doc" "$OS/usr/lib/locale"
ln -s usr/bin "$OS/bin"
ln -s usr/sbin "$OS/sbin"
ln -s usr/lib "$OS/lib"
ln -s usr/lib64 "$OS/lib64"

cp /usr/bin/dash "$OS/usr/bin/dash"
ln -s dash "$OS/usr/bin/sh"

# The shared-library closure (ldd) of the runtime, the shell and the extra libraries, copied as regular files
# under their sonames. The dynamic loader goes to /usr/lib64 too, where binaries look for it.
declare -A LIBS=()
add_deps() {
  local f="$1" line path
  while IFS= read -r line; do
    path=""
    if [[ "$line" == *"=>"* ]]; then path="$(awk '{print $3}' <<<"$line")"; else path="$(awk '{print $1}' <<<"$line")"; fi
    # The runtime's own libraries (found through its $ORIGIN run path) stay where they are.
    if [[ "$path" == /* && -e "$path" && "$path" != "$JRE"/* ]]; then LIBS["$(basename "$path")"]="$path"; fi
  done < <(ldd "$f" 2>/dev/null | grep -v 'linux-vdso' || true)
}
is_elf() { [[ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" == 7f454c46 ]]; }
# The server runs headless: the X11 toolkit (and JAWT), sound and splash-screen libraries of java.desktop are never loaded, so
# their X11 and ALSA dependencies are not copied.
while IFS= read -r -d '' f; do
  case "$(basename "$f")" in libawt_xawt.so | libjawt.so | libjsound.so | libsplashscreen.so) continue ;; esac
  if is_elf "$f"; then add_deps "$f"; fi
done < <(find "$JRE/opt/java/bin" "$JRE/opt/java/lib" -type f \( -perm -u+x -o -name '*.so' \) -print0)
add_deps /usr/bin/dash
for lib in "${EXTRA_LIBS[@]}"; do
  path="$ARCH_LIBDIR/$lib"
  [[ -e "$path" ]] || path="/lib/x86_64-linux-gnu/$lib"
  [[ -e "$path" ]] || { echo "base-image: $lib not found on this host" >&2; exit 1; }
  LIBS["$lib"]="$path"
  add_deps "$path"
done
for name in "${!LIBS[@]}"; do
  cp -L "${LIBS[$name]}" "$OS$ARCH_LIBDIR/$name"
done
[[ -e "$OS$ARCH_LIBDIR/ld-linux-x86-64.so.2" ]] || { echo "base-image: no dynamic loader found" >&2; exit 1; }
ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$OS/usr/lib64/ld-linux-x86-64.so.2"

# Licences of what was copied from the host (glibc, GCC's runtime, dash, tzdata, CA certificates).
for pkg in libc6 libstdc++6 libgcc-s1 dash tzdata ca-certificates; do
  if [[ -f "/usr/share/doc/$pkg/copyright" ]]; then
    mkdir -p "$OS/usr/share/doc/$pkg"
    cp "/usr/share/doc/$pkg/copyright" "$OS/usr/share/doc/$pkg/copyright"
  fi
done

# Locale, time zones, CA certificates.
cp -r /usr/lib/locale/C.utf8 "$OS/usr/lib/locale/C.utf8"
mkdir -p "$OS/usr/share"
cp -r /usr/share/zoneinfo "$OS/usr/share/zoneinfo"
ln -s /usr/share/zoneinfo/Etc/UTC "$OS/etc/localtime"
echo "Etc/UTC" >"$OS/etc/timezone"
mkdir -p "$OS/etc/ssl/certs"
cp /etc/ssl/certs/ca-certificates.crt "$OS/etc/ssl/certs/ca-certificates.crt"

# Users: PostgreSQL's initdb refuses to run under a uid without a passwd entry, so the image's user is named.
cat >"$OS/etc/passwd" <<'TXT'
root:x:0:0:root:/root:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
vigil:x:10001:10001:Vigil:/data:/usr/sbin/nologin
TXT
cat >"$OS/etc/group" <<'TXT'
root:x:0:
nogroup:x:65534:
vigil:x:10001:
TXT
cat >"$OS/etc/nsswitch.conf" <<'TXT'
passwd: files
group: files
hosts: files dns
TXT
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$OS/etc/hosts"

# Ownership and modes, then fixed times: everything root's and read-only but /tmp (sticky) and /data (vigil's).
chmod -R u+rwX,go+rX,go-w "$OS" "$JRE"
chmod 1777 "$OS/tmp"
chmod 0750 "$OS/data"
chown -R 0:0 "$OS" "$JRE" 2>/dev/null || true
chown 10001:10001 "$OS/data" 2>/dev/null || { echo "base-image: cannot chown /data (not root?)" >&2; exit 1; }

# One uncompressed layer tar per directory, entries sorted, owners numeric, every mtime at the epoch.
layer_tar() {
  local dir="$1" out="$2"
  (cd "$dir" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort >"$WORK/list")
  tar --create --file "$out" --directory "$dir" --no-recursion --verbatim-files-from --files-from "$WORK/list" \
    --format=posix --pax-option='exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime' \
    --mtime="@$EPOCH" --numeric-owner
}
IMG="$WORK/image"
mkdir -p "$IMG"
layer_tar "$OS" "$WORK/os.tar"
layer_tar "$JRE" "$WORK/java.tar"
OS_SHA="$(sha256sum "$WORK/os.tar" | cut -d' ' -f1)"
JRE_SHA="$(sha256sum "$WORK/java.tar" | cut -d' ' -f1)"
mkdir -p "$IMG/$OS_SHA" "$IMG/$JRE_SHA"
mv "$WORK/os.tar" "$IMG/$OS_SHA/layer.tar"
mv "$WORK/java.tar" "$IMG/$JRE_SHA/layer.tar"

JAVA_VERSION="$(awk -F'"' '/^IMPLEMENTOR_VERSION=/ {print $2}' "$JAVA_HOME/release")"
GLIBC="$(ldd --version | awk 'NR == 1 {print $NF}')"
jq -n -c -S --arg created "$CREATED" --arg os "sha256:$OS_SHA" --arg jre "sha256:$JRE_SHA" \
  --arg java "$JAVA_VERSION" --arg glibc "$GLIBC" --arg modules "$MODULES" '{
  architecture: "amd64", os: "linux", created: $created,
  config: {
    Env: ["PATH=/opt/java/bin:/usr/sbin:/usr/bin:/sbin:/bin", "JAVA_HOME=/opt/java", "LANG=C.UTF-8", "TZ=UTC"],
    User: "10001:10001", WorkingDir: "/data",
    Labels: {"org.vigil.base.java": $java, "org.vigil.base.glibc": $glibc}
  },
  rootfs: {type: "layers", diff_ids: [$os, $jre]},
  history: [
    {created: $created, created_by: ("deploy/base-image.sh: glibc " + $glibc + " libraries, dash, C.UTF-8, tzdata, CA certificates, user vigil 10001")},
    {created: $created, created_by: ("deploy/base-image.sh: jlink " + $java + " --add-modules " + $modules)}
  ]}' >"$WORK/config.json"
CONFIG_SHA="$(sha256sum "$WORK/config.json" | cut -d' ' -f1)"
mv "$WORK/config.json" "$IMG/$CONFIG_SHA.json"
jq -n -c --arg cfg "$CONFIG_SHA.json" --arg tag "$BASE_TAG" --arg l1 "$OS_SHA/layer.tar" --arg l2 "$JRE_SHA/layer.tar" \
  '[{Config: $cfg, RepoTags: [$tag], Layers: [$l1, $l2]}]' >"$IMG/manifest.json"

mkdir -p "$(dirname "$OUT")"
(cd "$IMG" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort >"$WORK/list")
tar --create --file "$OUT.tmp" --directory "$IMG" --no-recursion --verbatim-files-from --files-from "$WORK/list" \
  --format=posix --pax-option='exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime' \
  --mtime="@$EPOCH" --owner=0 --group=0 --numeric-owner
mv "$OUT.tmp" "$OUT"
echo "base-image: $OUT ($(du -h "$OUT" | cut -f1), config sha256:$CONFIG_SHA, $JAVA_VERSION, glibc $GLIBC)" >&2
