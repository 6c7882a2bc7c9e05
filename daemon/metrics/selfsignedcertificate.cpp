#include "metrics/selfsignedcertificate.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <functional>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace locust::metrics {

namespace {

// Every OpenSSL object is owned by one of these, so each is freed on every path, the error ones
// included.
template<auto Free>
struct OpenSslDeleter
{
    template<typename T>
    void operator()(T *object) const
    {
        Free(object);
    }
};
using KeyPointer = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY_free>>;
using CertificatePointer = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using BioPointer = std::unique_ptr<BIO, OpenSslDeleter<BIO_free_all>>;
using NumberPointer = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;
using ExtensionPointer = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION_free>>;

constexpr long ValiditySeconds = 365L * 24 * 60 * 60;
constexpr long BackdateSeconds = 60 * 60;

// "cannot create the self-signed metrics certificate: <step>: <OpenSSL's reasons>"; empties
// OpenSSL's error queue, which is per thread and would otherwise confuse a later caller.
Error failure(const QString &step)
{
    QStringList reasons;
    while (const unsigned long code = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        reasons << QString::fromLatin1(text);
    }
    QString message = u"cannot create the self-signed metrics certificate: "_s + step;
    if (!reasons.isEmpty())
        message += u": "_s + reasons.join(u"; "_s);
    return Error{message};
}

bool addExtension(X509 *certificate, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    const ExtensionPointer extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

std::optional<QByteArray> toPem(const std::function<int(BIO *)> &write)
{
    const BioPointer bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1)
        return std::nullopt;
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    if (size <= 0 || !data)
        return std::nullopt;
    return QByteArray(data, size);
}

} // namespace

Result<httpserver::CertificatePair> SelfSignedCertificate::generate(const QDateTime &now)
{
    const KeyPointer key(EVP_EC_gen("P-256"));
    if (!key)
        return failure(u"generating the EC P-256 key"_s);

    const CertificatePointer certificate(X509_new());
    if (!certificate)
        return failure(u"allocating the certificate"_s);
    // A random 127-bit serial number: positive, at most 20 octets (RFC 5280 §4.1.2.2).
    const NumberPointer serial(BN_new());
    if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1
        || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())))
        return failure(u"choosing the serial number"_s);

    time_t nowSeconds = static_cast<time_t>(now.toSecsSinceEpoch());
    const QByteArray commonName = "localhost@" + QByteArray::number(qint64(nowSeconds));
    X509_NAME *name = X509_get_subject_name(certificate.get());
    if (X509_set_version(certificate.get(), X509_VERSION_3) != 1
        || !X509_time_adj_ex(X509_getm_notBefore(certificate.get()), 0, -BackdateSeconds, &nowSeconds)
        || !X509_time_adj_ex(X509_getm_notAfter(certificate.get()), 0, ValiditySeconds, &nowSeconds)
        || X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                      reinterpret_cast<const unsigned char *>(commonName.constData()),
                                      int(commonName.size()), -1, 0)
               != 1
        || X509_set_issuer_name(certificate.get(), name) != 1 || X509_set_pubkey(certificate.get(), key.get()) != 1)
        return failure(u"filling in the certificate"_s);

    // A serving certificate, not a CA. No keyUsage extension: OpenSSL would then also want
    // keyCertSign before a client could trust the certificate as its own anchor.
    if (!addExtension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(certificate.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(certificate.get(), NID_subject_key_identifier, "hash")
        || !addExtension(certificate.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"))
        return failure(u"adding the certificate's extensions"_s);

    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0)
        return failure(u"signing the certificate"_s);

    const std::optional<QByteArray> certificatePem =
        toPem([&](BIO *bio) { return PEM_write_bio_X509(bio, certificate.get()); });
    const std::optional<QByteArray> keyPem = toPem([&](BIO *bio) {
        return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    if (!certificatePem || !keyPem)
        return failure(u"writing the certificate and key as PEM"_s);
    // Whatever OpenSSL noted while it succeeded must not be read later as the error of a TLS
    // operation of Qt's on this thread.
    ERR_clear_error();
    return httpserver::CertificatePair::fromPem(*certificatePem, *keyPem, u"self-signed metrics certificate"_s,
                                                u"self-signed metrics key"_s);
}

} // namespace locust::metrics
