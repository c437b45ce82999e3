"""Open Badges 3.0 credentials for mastered competencies, signed and verified with ``openbadgeslib``.

- Each issuing organisation has an ES256 key (``IssuerKey``), created on first use; its public key is
  published with the issuer's profile, so anyone can verify offline with ``openbadgeslib``.
- A credential is a JWT-VC: issuer the college, subject the student (``mailto:``), achievement the
  competency (achievement type Competency, aligned to its ESCO URI where it has one), evidence the
  evaluations behind it. Where enterprise-side evaluators took part, the enterprise signs an
  EndorsementCredential that rides inside the college's credential: joint issuance, two signatures.
- Revocation is a Bitstring Status List per college, signed with the college's key and served at a
  public URL; each credential owns one bit.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from openbadgeslib.ob3 import (
    Achievement,
    Issuer,
    OB3Signer,
    OB3VerificationError,
    OB3Verifier,
    OpenBadgeCredential,
    verify_endorsement_jwt,
)
from openbadgeslib.ob3.clr import build_clr_credential, bundled_clr_contexts, sign_clr_credential
from openbadgeslib.ob3.credential import Alignment, Evidence, IdentityObject
from openbadgeslib.ob3.ldp import OB3LdpSigner, OB3LdpVerifier, verify_data_integrity_proof
from openbadgeslib.ob3.status_list import (
    build_status_list_credential,
    sign_status_list_credential,
    status_entry,
)

from iehub.accounts.models import Organization
from iehub.core.mailing import absolute_url
from iehub.evaluation.models import Credential, IssuerKey
from iehub.taxonomy.models import ESCO_PREFIX, Skill

ALGORITHM = "ES256"
STATUS_PURPOSE = "revocation"
OB3_CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _fernet() -> Fernet:
    """Encrypts issuer keys at rest with a key derived from SECRET_KEY (rotating it means re-keying)."""
    digest = hashlib.sha256(f"iehub.credentials:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def issuer_key(organization: Organization) -> IssuerKey:
    """The organisation's signing key, created (once, under a row lock) the first time it signs."""
    existing = IssuerKey.objects.filter(organization=organization).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        existing = IssuerKey.objects.filter(organization=organization).first()
        if existing is not None:
            return existing
        private = ec.generate_private_key(ec.SECP256R1())
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        public = private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return IssuerKey.objects.create(
            organization=organization,
            private_key=_fernet().encrypt(pem).decode(),
            public_key=public.decode(),
        )


def _private_pem(key: IssuerKey) -> bytes:
    return _fernet().decrypt(key.private_key.encode())


def issuer_url(organization: Organization) -> str:
    return absolute_url(reverse("credential_issuer", args=[organization.pk]))


def status_list_url(college: Organization) -> str:
    return absolute_url(reverse("credential_status_list", args=[college.pk]))


def credential_url(uid: uuid.UUID) -> str:
    return absolute_url(reverse("credential", args=[uid]))


def _issuer(organization: Organization) -> Issuer:
    return Issuer(
        id=issuer_url(organization),
        name=organization.name,
        url=settings.IEHUB_BASE_URL,
    )


def _achievement(skill: Skill, criteria: str) -> Achievement:
    alignments = []
    if skill.uri.startswith(ESCO_PREFIX):
        alignments.append(
            Alignment(
                target_name=skill.label_en,
                target_url=skill.uri,
                target_framework="ESCO",
            )
        )
    return Achievement(
        id=absolute_url(f"/credentials/achievements/{skill.pk}/"),
        name=f"{skill.label_zh} {skill.label_en}".strip(),
        description=skill.description or skill.label_en,
        criteria_narrative=criteria,
        achievement_type="Competency",
        alignments=alignments,
    )


def endorsement(enterprise: Organization, credential_id: str, comment: str) -> str:
    """The enterprise's signed EndorsementCredential for the credential ``credential_id``."""
    now = dt.datetime.now(dt.UTC)
    issuer = issuer_url(enterprise)
    payload: dict[str, Any] = {
        "@context": OB3_CONTEXTS,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": comment[:120],
        "issuer": {"id": issuer, "type": ["Profile"], "name": enterprise.name},
        "validFrom": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "credentialSubject": {
            "id": credential_id,
            "type": ["EndorsementSubject"],
            "endorsementComment": comment,
        },
        "iss": issuer,
        "jti": None,
        "nbf": int(now.timestamp()),
    }
    payload["jti"] = payload["id"]
    return OB3Signer(_private_pem(issuer_key(enterprise)), algorithm=ALGORITHM).sign_payload(payload)


def sign(
    *,
    uid: uuid.UUID,
    college: Organization,
    enterprise: Organization | None,
    recipient_email: str,
    skill: Skill,
    criteria: str,
    evidence: list[tuple[str, str]],  # (name, narrative) of each evaluation behind it
    status_index: int,
    endorsement_comment: str,
) -> str:
    """The signed JWT-VC of one credential."""
    credential_id = credential_url(uid)
    credential = OpenBadgeCredential(
        id=credential_id,
        issuer=_issuer(college),
        recipient_id=f"mailto:{recipient_email}",
        achievement=_achievement(skill, criteria),
        evidence=[Evidence(name=name, narrative=narrative) for name, narrative in evidence],
        credential_status=[status_entry(status_list_url(college), STATUS_PURPOSE, status_index)],
        endorsement_jwts=[endorsement(enterprise, credential_id, endorsement_comment)] if enterprise else [],
    )
    return OB3Signer(_private_pem(issuer_key(college)), algorithm=ALGORITHM).sign(credential)


def status_list_token(college: Organization) -> str:
    """The college's revocation list as a signed BitstringStatusListCredential (a JWT)."""
    revoked = Credential.objects.filter(college=college, revoked_at__isnull=False).values_list(
        "status_index", flat=True
    )
    url = status_list_url(college)
    document = build_status_list_credential(issuer_url(college), url, STATUS_PURPOSE, list(revoked))
    return sign_status_list_credential(document, _private_pem(issuer_key(college)), ALGORITHM)


def local_download(url: str) -> bytes:
    """Fetch this platform's own status lists without a network round trip: the verifier asks for the
    list by its public URL; we answer from the same function that serves that URL."""
    for college in Organization.objects.filter(id__in=Credential.objects.values("college_id")):
        if status_list_url(college) == url:
            return status_list_token(college).encode()
    raise OB3VerificationError(f"unknown status list {url}")


def verify(
    token: str,
    college: Organization,
    enterprise: Organization | None,
    download: Callable[[str], bytes] | None = None,
) -> tuple[bool, str]:
    """Verify a credential as any holder of the public keys would: the college's signature, the
    validity window, the revocation bit and, for a joint credential, the enterprise's endorsement.
    Returns (valid, reason)."""
    try:
        verified = OB3Verifier(issuer_key(college).public_key).verify(
            token, check_status=True, download=download or local_download
        )
        if enterprise is not None:
            endorsements = verified.all_endorsement_jwts()
            if not endorsements:
                return False, "missing endorsement"
            for jwt in endorsements:
                verify_endorsement_jwt(jwt, endorser_pubkey_pem=issuer_key(enterprise).public_key)
    except OB3VerificationError as exc:
        return False, str(exc)
    return True, ""


# --- the portfolio as a Comprehensive Learner Record (CLR 2.0) -------------------------------------------


def _ldp_keys(organization: Organization) -> tuple[bytes, str]:
    """The organisation's Ed25519 key for Data Integrity proofs (eddsa-rdfc-2022 takes no other), made
    on first use next to its ES256 key; returns (private PEM, public PEM)."""
    key = issuer_key(organization)
    if not key.ldp_private_key:
        with transaction.atomic():
            key = IssuerKey.objects.select_for_update().get(pk=key.pk)
            if not key.ldp_private_key:
                private = ed25519.Ed25519PrivateKey.generate()
                pem = private.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
                key.ldp_private_key = _fernet().encrypt(pem).decode()
                key.ldp_public_key = (
                    private.public_key()
                    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
                    .decode()
                )
                key.save(update_fields=["ldp_private_key", "ldp_public_key"])
    return _fernet().decrypt(key.ldp_private_key.encode()), key.ldp_public_key


def clr(college: Organization, recipient_email: str, held: list[Credential], clr_id: str) -> dict[str, Any]:
    """The student's live credentials from the college, each re-secured as a Data Integrity document,
    in one CLR 2.0 ClrCredential signed by the college."""
    private, _public = _ldp_keys(college)
    signer = OB3LdpSigner(private)
    verifier = OB3Verifier(issuer_key(college).public_key)
    members = [signer.sign(verifier.verify(credential.token)) for credential in held]
    document = build_clr_credential(
        _issuer(college).to_dict(),
        [IdentityObject.create(recipient_email).to_dict()],
        members,
        credential_id=clr_id,
    )
    return sign_clr_credential(document, private, signer.verification_method)


def verify_clr(document: dict[str, Any], ldp_public_key: str) -> None:
    """Check a CLR's proof and each member's (raises OB3VerificationError)."""
    verify_data_integrity_proof(document, ldp_public_key, extra_contexts=bundled_clr_contexts())
    verifier = OB3LdpVerifier(ldp_public_key)
    for member in document["credentialSubject"]["verifiableCredential"]:
        verifier.verify(member)
