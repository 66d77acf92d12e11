/**
 * Key pairs from node:crypto (generated asynchronously in libuv's thread pool, so RSA 4096 does
 * not block the server) and PKCS#10 requests encoded with @peculiar's ASN.1 schemas and signed
 * with node:crypto.
 */
import { createPrivateKey, generateKeyPair, KeyObject, sign } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Attributes, CertificationRequest, CertificationRequestInfo } from "@peculiar/asn1-csr";
import { AlgorithmIdentifier, AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import type { CsrRecord } from "./types";

export type KeySpec = { algo: "RSA"; bits: 2048 | 4096 } | { algo: "ECC"; curve: "prime256v1" };

/** Parses EncryptAlgo + KeyParameter as the API accepts them; undefined when unsupported. */
export function parseKeySpec(encryptAlgo: string, keyParameter: string): KeySpec | undefined {
    if (encryptAlgo === "RSA" && (keyParameter === "2048" || keyParameter === "4096")) return { algo: "RSA", bits: Number(keyParameter) as 2048 | 4096 };
    if (encryptAlgo === "ECC" && keyParameter === "prime256v1") return { algo: "ECC", curve: "prime256v1" };
    return undefined;
}

/** The subject fields of a CSR record that go into the PKCS#10 request. */
export type CsrSubject = Pick<CsrRecord, "Domain" | "Organization" | "Department" | "Email" | "Province" | "City" | "Country">;

export interface GeneratedCsr {
    csrPem: string;
    privateKeyPem: string;
}

function generate(spec: KeySpec): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
    return new Promise((resolve, reject) => {
        const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject): void => (err ? reject(err) : resolve({ publicKey, privateKey }));
        if (spec.algo === "RSA") generateKeyPair("rsa", { modulusLength: spec.bits, publicExponent: 0x10001 }, done);
        else generateKeyPair("ec", { namedCurve: spec.curve }, done);
    });
}

const OID = {
    CN: "2.5.4.3",
    C: "2.5.4.6",
    L: "2.5.4.7",
    ST: "2.5.4.8",
    O: "2.5.4.10",
    OU: "2.5.4.11",
    E: "1.2.840.113549.1.9.1",
    sha256WithRSA: "1.2.840.113549.1.1.11",
    ecdsaWithSHA256: "1.2.840.10045.4.3.2",
};

function buildName(subject: CsrSubject): Name {
    const rdn = (type: string, value: AttributeValue): RelativeDistinguishedName => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
    const utf8 = (s: string): AttributeValue => new AttributeValue({ utf8String: s });
    const parts: RelativeDistinguishedName[] = [];
    if (subject.Country) parts.push(rdn(OID.C, new AttributeValue({ printableString: subject.Country.toUpperCase() })));
    if (subject.Province) parts.push(rdn(OID.ST, utf8(subject.Province)));
    if (subject.City) parts.push(rdn(OID.L, utf8(subject.City)));
    if (subject.Organization) parts.push(rdn(OID.O, utf8(subject.Organization)));
    if (subject.Department) parts.push(rdn(OID.OU, utf8(subject.Department)));
    parts.push(rdn(OID.CN, utf8(subject.Domain)));
    if (subject.Email) parts.push(rdn(OID.E, new AttributeValue({ ia5String: subject.Email })));
    return new Name(parts);
}

const toPem = (label: string, der: ArrayBuffer | Buffer): string => {
    const b64 = Buffer.from(der as ArrayBuffer)
        .toString("base64")
        .replace(/(.{64})/g, "$1\n")
        .replace(/\n$/, "");
    return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
};

/** A new key pair and a self-signed PKCS#10 request for the subject; the key is PKCS#8 PEM, encrypted (AES-256-CBC) when a password is given. */
export async function generateCsr(subject: CsrSubject, spec: KeySpec, keyPassword?: string): Promise<GeneratedCsr> {
    const { publicKey, privateKey } = await generate(spec);
    const spki = AsnConvert.parse(publicKey.export({ type: "spki", format: "der" }), SubjectPublicKeyInfo);
    const info = new CertificationRequestInfo({ version: 0, subject: buildName(subject), subjectPKInfo: spki, attributes: new Attributes() });
    const infoDer = Buffer.from(AsnConvert.serialize(info));
    const signature = sign("sha256", infoDer, privateKey); // DER ECDSA signature / PKCS#1 v1.5 RSA
    const signatureAlgorithm =
        spec.algo === "RSA"
            ? new AlgorithmIdentifier({ algorithm: OID.sha256WithRSA, parameters: null })
            : new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSHA256 });
    const request = new CertificationRequest({ certificationRequestInfo: info, signatureAlgorithm, signature: new Uint8Array(signature).buffer });
    const csrPem = toPem("CERTIFICATE REQUEST", AsnConvert.serialize(request));
    const privateKeyPem = keyPassword
        ? (privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: keyPassword }) as string)
        : (privateKey.export({ type: "pkcs8", format: "pem" }) as string);
    return { csrPem, privateKeyPem };
}

/** Loads a private key PEM (for checks); throws when the password is wrong. */
export const loadPrivateKey = (pem: string, passphrase?: string): KeyObject => createPrivateKey({ key: pem, passphrase });
