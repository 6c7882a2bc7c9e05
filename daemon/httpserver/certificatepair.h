#pragma once

#include "support/result.h"

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

namespace locust::httpserver {

// A serving certificate chain and its private key, read from PEM and checked to belong together.
// The key may be RSA or EC, in PKCS#1 ("RSA PRIVATE KEY"), SEC1 ("EC PRIVATE KEY") or unencrypted
// PKCS#8 ("PRIVATE KEY") form, which covers what cert-manager and openssl write.
class CertificatePair
{
public:
    // Reads both files; errors name the file and say what is wrong with it.
    static Result<CertificatePair> fromFiles(const QString &certificatePath, const QString &keyPath);
    // certificateName/keyName only label the error messages (usually the file paths).
    static Result<CertificatePair> fromPem(const QByteArray &certificatePem, const QByteArray &keyPem,
                                           const QString &certificateName, const QString &keyName);

    // The leaf certificate first, then the intermediates as they appeared in the file.
    const QList<QSslCertificate> &certificateChain() const { return m_chain; }
    const QSslKey &privateKey() const { return m_key; }

    // A server configuration: this chain and key, TLS 1.2 or later, ALPN http/1.1 only, no client
    // certificates requested.
    QSslConfiguration serverConfiguration() const;

    friend bool operator==(const CertificatePair &, const CertificatePair &) = default;

private:
    CertificatePair(QList<QSslCertificate> chain, QSslKey key);

    QList<QSslCertificate> m_chain;
    QSslKey m_key;
};

} // namespace locust::httpserver
