#!/bin/sh
# Use a built TrialDesk as a site would, outside the source tree, in an empty environment:
#   packaging/check-bundle.sh TRIALDESK [WORK_FOLDER]
# TRIALDESK is the frozen command (dist/bundle/trialdesk/trialdesk, or trialdesk from the PATH
# once the .deb is installed). Each run has a fresh HOME, no venv on the PATH and a fontconfig
# that sees no font at all, so Chinese can only come from the font inside the bundle.
# It checks: --version; the site registry encrypted; demo and a pre-screen in forked workers; a site set up with accounts; an example patient imported and
# screened (--json); a signed checklist and a signed log that pdfsig finds valid and trusted,
# whose only font is the bundled one, embedded; `trialdesk check` drawing the Chinese window
# with the bundled font (its image is kept in WORK_FOLDER/window.png). Exit 0 when all pass.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
trialdesk=$1
work=${2:-$(mktemp -d)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
examples="$here/tests/examples"
nct=NCT06394063
patient=EX-4063-01
password='bundle-check-Passw0rd'

fail() { echo "BUNDLE CHECK FAILED: $*" >&2; exit 1; }

mkdir -p "$work/home" "$work/fontconfig-cache"
cat > "$work/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>$work/fontconfig-cache</cachedir></fontconfig>
EOF

# The site's environment: nothing of the build machine's but the system's own programs.
site() {
    (cd "$work" && env -i HOME="$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 \
        FONTCONFIG_FILE="$work/fonts.conf" QT_QPA_PLATFORM=offscreen \
        TRIALDESK_PASSWORD="$password" TRIALDESK_NEW_PASSWORD="$password" "$trialdesk" "$@")
}

site --version | grep -q "^trialdesk, version " || fail "--version"
site demo --patients 600 >"$work/demo.txt" || fail "demo"
# the pre-screen's forked workers give what one process gives
site --db "$work/home/.local/share/TrialDesk/demo.sqlite3" prescreen --trial NCT06394063 --workers 1 >"$work/prescreen-1.txt"
site --db "$work/home/.local/share/TrialDesk/demo.sqlite3" prescreen --trial NCT06394063 --workers 2 >"$work/prescreen-2.txt"
cmp -s "$work/prescreen-1.txt" "$work/prescreen-2.txt" || fail "prescreen --workers 2 differs from one process"
[ "$(grep -c "^DEMO-" "$work/prescreen-1.txt")" -eq 600 ] || fail "prescreen did not list the 600 demo patients"
site --db "$work/demo-explicit.sqlite3" demo --patients 5 >/dev/null || fail "demo --db"
[ -f "$work/home/.local/share/TrialDesk/demo.sqlite3" ] || fail "the demo registry is not in the user's data folder"

db="$work/site.sqlite3"
site --db "$db" setup --site-name "北京协和医院" --username dr.li --printed-name "李明" >/dev/null || fail "setup"
site --db "$db" --user dr.li users add ann --printed-name "王安" --role coordinator >/dev/null || fail "users add"
site --db "$db" --user ann import "$examples/$nct.json" >/dev/null || fail "import"
site --db "$db" --user ann screen --patient "$patient" --trial "$nct" --json >"$work/screen.json" || fail "screen --json"
grep -q '"verdict"' "$work/screen.json" || fail "screen --json printed no verdict"
# the bundled SQLCipher encrypted the site's registry: no clear header, no registry number in its files
head -c 15 "$db" | grep -q "SQLite format 3" && fail "the site registry is not encrypted"
for file in "$db" "$db-wal"; do
    [ ! -f "$file" ] || ! grep -qa "$patient" "$file" || fail "a registry number is readable in $file"
done

label="$nct-S0001"
site --db "$db" --user ann screening start --patient "$patient" --trial "$nct" >/dev/null
site --db "$db" --user ann screening answer "$label" I4 yes --note "consent signed" >/dev/null
site --db "$db" --user dr.li screening override "$label" E1 no --reason "CKD-EPI eGFR 116" >/dev/null
site --db "$db" --user ann screening answer "$label" E9 no --note "suitable" >/dev/null
site --db "$db" --user ann screening consent "$label" --date 2026-11-20 >/dev/null
site --db "$db" --user ann screening submit "$label" >/dev/null
site --db "$db" --user dr.li screening sign "$label" >/dev/null || fail "screening sign"
site --db "$db" --user dr.li report --patient "$patient" --trial "$nct" --out "$work/checklist.pdf" --sign \
    >/dev/null || fail "report --sign"
site --db "$db" --user dr.li log --trial "$nct" --out "$work/log.pdf" --sign >/dev/null || fail "log --sign"
site --db "$db" --user dr.li site export-ca --out "$work/site-ca.pem" >/dev/null
site --db "$db" --user dr.li verify "$work/checklist.pdf" >/dev/null || fail "trialdesk verify of the checklist"
site --db "$db" --user dr.li audit verify >/dev/null || fail "audit verify"

# pdfsig: valid, and trusted once the site's authority is in an NSS database; the fonts: ours only.
mkdir -p "$work/nss"
certutil -N -d "sql:$work/nss" --empty-password
certutil -A -d "sql:$work/nss" -n site-ca -t ",C," -i "$work/site-ca.pem"
for pdf in checklist log; do
    pdfsig -nssdir "sql:$work/nss" "$work/$pdf.pdf" >"$work/$pdf.pdfsig" 2>&1 || true
    grep -q "Signature Validation: Signature is Valid." "$work/$pdf.pdfsig" || fail "pdfsig: $pdf.pdf not valid"
    grep -q "Certificate Validation: Certificate is Trusted." "$work/$pdf.pdfsig" || fail "pdfsig: $pdf.pdf not trusted"
    pdffonts "$work/$pdf.pdf" | tail -n +3 >"$work/$pdf.fonts"
    [ -s "$work/$pdf.fonts" ] || fail "pdffonts: $pdf.pdf has no fonts"
    if grep -v "WenQuanYiMicroHei" "$work/$pdf.fonts" | grep -q .; then fail "$pdf.pdf uses another font"; fi
    if awk '$(NF-4) != "yes"' "$work/$pdf.fonts" | grep -q .; then fail "$pdf.pdf has a font not embedded"; fi
done
pdftoppm -png -r 50 -f 1 -l 1 "$work/checklist.pdf" "$work/checklist" 2>/dev/null || true

site check --image "$work/window.png" >"$work/check.txt" || { cat "$work/check.txt"; fail "trialdesk check"; }
grep -q "window: Chinese drawn with WenQuanYi Micro Hei (shipped with TrialDesk)" "$work/check.txt" \
    || { cat "$work/check.txt"; fail "the window did not draw Chinese with the bundled font"; }
grep -q "reports font: .*(shipped with TrialDesk)" "$work/check.txt" || fail "the reports do not use the bundled font"
echo "bundle check passed: $trialdesk (work folder $work)"
