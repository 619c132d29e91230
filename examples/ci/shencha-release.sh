#!/bin/sh
# One release, as the CI templates run it (GitHub Actions: shencha-attest.yml; GitLab CI: .gitlab-ci.yml),
# and as test/e2e/attest-ci.test.ts runs it:
#   1. re-attest the release against the last cleared dossier (signed attestation, Markdown, SARIF, ledger entry);
#   2. verify the ledger up to the head the new attestation records;
#   3. build this release's dossier (the candidate for the next clearance).
# Exit: the attest exit code (2 = change at or above FAIL_ON; 0 below), or 1 when anything could not run.
#
# Environment:
#   SHENCHA          how to run shencha (default: "npx --no-install shencha")
#   PROJECT          the project folder (default: .)
#   BASELINE         the last cleared dossier, folder or bundle (required)
#   PUBLIC_KEY       the key the baseline and the ledger are signed with (required)
#   SIGNING_KEY      the private signing key (required; SHENCHA_KEY_PASSPHRASE decrypts an encrypted one)
#   COMMITMENT_KEY   the redaction commitment key (required for the dossier)
#   OUT              where results go (default: out): $OUT/attest/, $OUT/dossier/, $OUT/<product>-dossier.tar.gz
#   FAIL_ON          none | minor | material (default: material)
set -u
SHENCHA=${SHENCHA:-npx --no-install shencha}
PROJECT=${PROJECT:-.}
OUT=${OUT:-out}
FAIL_ON=${FAIL_ON:-material}
: "${BASELINE:?set BASELINE to the last cleared dossier}" "${PUBLIC_KEY:?}" "${SIGNING_KEY:?}" "${COMMITMENT_KEY:?}"

mkdir -p "$OUT/attest" || exit 1
$SHENCHA attest "$PROJECT" \
  --baseline "$BASELINE" --public-key "$PUBLIC_KEY" \
  --key "$SIGNING_KEY" --commitment-key "$COMMITMENT_KEY" \
  --output "$OUT/attest" --markdown "$OUT/attest/summary.md" --sarif "$OUT/attest/attest.sarif" \
  --fail-on "$FAIL_ON"
status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 2 ] || exit 1

head=$(node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));process.stdout.write((s.predicate.ledger&&s.predicate.ledger.head)||"")' "$OUT/attest/attestation.json") || exit 1
if [ -n "$head" ]; then
  $SHENCHA ledger verify "$PROJECT/.shencha/ledger" --public-key "$PUBLIC_KEY" --head "$head" || exit 1
fi

$SHENCHA dossier "$PROJECT" --key "$SIGNING_KEY" --commitment-key "$COMMITMENT_KEY" \
  --output "$OUT/dossier" --bundle tar.gz --fail-on none || exit 1
exit "$status"
