#include "httpserver/certificatepair.h"

#include <QFile>
#include <QSslSocket>

#include <optional>

using namespace Qt::StringLiterals;

namespace locust::httpserver {

namespace {

// ---- Just enough DER to compare the public half of a private key with a certificate's public key.
// Qt cannot derive a public key from a private one, and linking libcrypto for X509_check_private_key
// only for this would be a new dependency of the daemon.

struct DerElement
{
    quint8 tag = 0;
    QByteArrayView content;
};

// Reads one element from the front of input and advances past it.
std::optional<DerElement> readElement(QByteArrayView &input)
{
    if (input.size() < 2)
        return std::nullopt;
    const auto tag = static_cast<quint8>(input[0]);
    qsizetype length = static_cast<quint8>(input[1]);
    qsizetype offset = 2;
    if (length & 0x80) {
        const int lengthBytes = length & 0x7f;
        if (lengthBytes == 0 || lengthBytes > 4 || input.size() < 2 + lengthBytes)
            return std::nullopt;
        length = 0;
        for (int i = 0; i < lengthBytes; ++i)
            length = (length << 8) | static_cast<quint8>(input[2 + i]);
        offset += lengthBytes;
    }
    if (length < 0 || input.size() - offset < length)
        return std::nullopt;
    DerElement element{tag, input.sliced(offset, length)};
    input = input.sliced(offset + length);
    return element;
}

std::optional<QList<DerElement>> readChildren(QByteArrayView content)
{
    QList<DerElement> children;
    while (!content.isEmpty()) {
        const std::optional<DerElement> child = readElement(content);
        if (!child)
            return std::nullopt;
        children.append(*child);
    }
    return children;
}

std::optional<QList<DerElement>> readSequence(QByteArrayView der)
{
    const std::optional<DerElement> top = readElement(der);
    if (!top || top->tag != 0x30)
        return std::nullopt;
    return readChildren(top->content);
}

constexpr quint8 TagInteger = 0x02;
constexpr quint8 TagBitString = 0x03;
constexpr quint8 TagOctetString = 0x04;
constexpr quint8 TagOid = 0x06;
constexpr quint8 TagSequence = 0x30;
constexpr quint8 TagSec1PublicKey = 0xa1; // [1] EXPLICIT in SEC1's ECPrivateKey

const QByteArray OidRsaEncryption = QByteArray::fromHex("2a864886f70d010101"); // 1.2.840.113549.1.1.1
const QByteArray OidEcPublicKey = QByteArray::fromHex("2a8648ce3d0201");       // 1.2.840.10045.2.1

enum class KeyKind { Rsa, Ec };

// RSA: modulus and exponent; EC: the encoded public point (empty when a private key omits it).
struct PublicKeyMaterial
{
    KeyKind kind;
    QByteArray first;
    QByteArray second;
};

// The content of a BIT STRING without its unused-bits byte (always 0 for keys).
std::optional<QByteArrayView> bitStringBytes(const DerElement &element)
{
    if (element.tag != TagBitString || element.content.isEmpty() || element.content[0] != 0)
        return std::nullopt;
    return element.content.sliced(1);
}

std::optional<PublicKeyMaterial> rsaPublicKey(QByteArrayView rsaPublicKeyDer)
{
    const auto fields = readSequence(rsaPublicKeyDer);
    if (!fields || fields->size() != 2 || fields->at(0).tag != TagInteger || fields->at(1).tag != TagInteger)
        return std::nullopt;
    return PublicKeyMaterial{KeyKind::Rsa, fields->at(0).content.toByteArray(), fields->at(1).content.toByteArray()};
}

// SubjectPublicKeyInfo, as QSslKey::toDer() gives it for a certificate's public key.
std::optional<PublicKeyMaterial> fromSubjectPublicKeyInfo(QByteArrayView der)
{
    const auto fields = readSequence(der);
    if (!fields || fields->size() != 2 || fields->at(0).tag != TagSequence)
        return std::nullopt;
    const auto algorithm = readChildren(fields->at(0).content);
    const std::optional<QByteArrayView> bits = bitStringBytes(fields->at(1));
    if (!algorithm || algorithm->isEmpty() || algorithm->at(0).tag != TagOid || !bits)
        return std::nullopt;
    if (algorithm->at(0).content == OidRsaEncryption)
        return rsaPublicKey(*bits);
    if (algorithm->at(0).content == OidEcPublicKey)
        return PublicKeyMaterial{KeyKind::Ec, bits->toByteArray(), {}};
    return std::nullopt;
}

// PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey or PKCS#8 PrivateKeyInfo wrapping either.
std::optional<PublicKeyMaterial> fromPrivateKey(QByteArrayView der)
{
    const auto fields = readSequence(der);
    if (!fields || fields->size() < 2 || fields->at(0).tag != TagInteger)
        return std::nullopt;
    if (fields->size() >= 3 && fields->at(1).tag == TagSequence && fields->at(2).tag == TagOctetString)
        return fromPrivateKey(fields->at(2).content); // PKCS#8: version, algorithm, privateKey
    if (fields->size() >= 3 && fields->at(1).tag == TagInteger && fields->at(2).tag == TagInteger)
        return PublicKeyMaterial{KeyKind::Rsa, fields->at(1).content.toByteArray(), fields->at(2).content.toByteArray()};
    if (fields->at(1).tag == TagOctetString) {
        for (const DerElement &field : *fields) {
            if (field.tag != TagSec1PublicKey)
                continue;
            QByteArrayView inner = field.content;
            const std::optional<DerElement> bitString = readElement(inner);
            const std::optional<QByteArrayView> point = bitString ? bitStringBytes(*bitString) : std::nullopt;
            if (!point)
                return std::nullopt;
            return PublicKeyMaterial{KeyKind::Ec, point->toByteArray(), {}};
        }
        return PublicKeyMaterial{KeyKind::Ec, {}, {}};
    }
    return std::nullopt;
}

QString kindName(KeyKind kind)
{
    return kind == KeyKind::Rsa ? u"an RSA"_s : u"an EC"_s;
}

// An empty string when the key belongs to the certificate, else why not. When the key's public half
// cannot be read (an EC key written without its public point), the pair is accepted: the TLS library
// checks it again when the configuration is used.
QString mismatch(const QSslCertificate &certificate, const QSslKey &key, const QString &certificateName,
                 const QString &keyName)
{
    const std::optional<PublicKeyMaterial> certificateKey = fromSubjectPublicKeyInfo(certificate.publicKey().toDer());
    const std::optional<PublicKeyMaterial> privateKey = fromPrivateKey(key.toDer());
    if (!certificateKey || !privateKey)
        return {};
    if (certificateKey->kind != privateKey->kind)
        return u"private key %1 does not match the certificate %2: %3 key for a certificate with %4 public key"_s
            .arg(keyName, certificateName, kindName(privateKey->kind), kindName(certificateKey->kind));
    if (privateKey->kind == KeyKind::Ec && privateKey->first.isEmpty())
        return {};
    if (certificateKey->first != privateKey->first || certificateKey->second != privateKey->second)
        return u"private key %1 does not match the certificate %2 (their public keys differ)"_s.arg(keyName,
                                                                                                   certificateName);
    return {};
}

Result<QByteArray> readFile(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{u"cannot read %1 %2: %3"_s.arg(what, path, file.errorString())};
    return file.readAll();
}

} // namespace

CertificatePair::CertificatePair(QList<QSslCertificate> chain, QSslKey key)
    : m_chain(std::move(chain))
    , m_key(std::move(key))
{
}

Result<CertificatePair> CertificatePair::fromFiles(const QString &certificatePath, const QString &keyPath)
{
    const Result<QByteArray> certificatePem = readFile(certificatePath, u"certificate file"_s);
    if (!certificatePem)
        return certificatePem.error();
    const Result<QByteArray> keyPem = readFile(keyPath, u"private key file"_s);
    if (!keyPem)
        return keyPem.error();
    return fromPem(*certificatePem, *keyPem, certificatePath, keyPath);
}

Result<CertificatePair> CertificatePair::fromPem(const QByteArray &certificatePem, const QByteArray &keyPem,
                                                 const QString &certificateName, const QString &keyName)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.front().isNull())
        return Error{u"certificate file %1 holds no PEM certificate"_s.arg(certificateName)};

    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        key = QSslKey(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return Error{u"private key file %1 holds no unencrypted RSA or EC private key in PEM form "
                     "(PKCS#1, PKCS#8 or SEC1)"_s.arg(keyName)};

    if (const QString problem = mismatch(chain.front(), key, certificateName, keyName); !problem.isEmpty())
        return Error{problem};
    return CertificatePair(chain, key);
}

QSslConfiguration CertificatePair::serverConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setAllowedNextProtocols({QSslConfiguration::NextProtocolHttp1_1});
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    configuration.setLocalCertificateChain(m_chain);
    configuration.setPrivateKey(m_key);
    return configuration;
}

} // namespace locust::httpserver
