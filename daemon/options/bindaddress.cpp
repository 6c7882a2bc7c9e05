#include "options/bindaddress.h"

#include "support/goquote.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace locust::options {

namespace {

const QString expectedForms = u"expected [host]:port such as :8081, 0.0.0.0:8081, [::1]:8081 or localhost:8081, "
                              "or 0 to disable"_s;

Error invalid(const QString &text, const QString &reason)
{
    return Error{u"invalid bind address %1: %2"_s.arg(goQuote(text), reason)};
}

// A strict dotted quad as Go's net.ParseIP reads it: four decimal parts 0-255 without leading zeros.
// (QHostAddress also takes inet_aton's forms such as "127.1" or "0x7f.1", which Go refuses.)
std::optional<QHostAddress> parseIPv4(const QString &text)
{
    const QStringList parts = text.split(u'.');
    if (parts.size() != 4)
        return std::nullopt;
    quint32 address = 0;
    for (const QString &part : parts) {
        if (part.isEmpty() || part.size() > 3 || (part.size() > 1 && part.startsWith(u'0')))
            return std::nullopt;
        for (const QChar c : part) {
            if (c < u'0' || c > u'9')
                return std::nullopt;
        }
        const uint value = part.toUInt();
        if (value > 255)
            return std::nullopt;
        address = (address << 8) | value;
    }
    return QHostAddress(address);
}

Result<quint16> parsePort(const QString &text, const QString &port)
{
    if (port.isEmpty())
        return invalid(text, u"missing port; "_s + expectedForms);
    for (const QChar c : port) {
        if (c < u'0' || c > u'9')
            return invalid(text, u"port %1 is not a number from 1 to 65535"_s.arg(goQuote(port)));
    }
    bool ok = false;
    const uint value = port.toUInt(&ok);
    if (!ok || value > 65535)
        return invalid(text, u"port %1 is not a number from 1 to 65535"_s.arg(goQuote(port)));
    if (value == 0)
        return invalid(text, u"port 0 (any free port) is not allowed; use 0 alone to disable the listener"_s);
    return quint16(value);
}

} // namespace

Result<std::optional<BindAddress>> BindAddress::parse(const QString &text)
{
    if (text == u"0")
        return std::optional<BindAddress>();
    if (text.isEmpty())
        return invalid(text, u"empty; "_s + expectedForms);

    QHostAddress host;
    QString port;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0)
            return invalid(text, u"missing ']' after the IPv6 address; "_s + expectedForms);
        if (close + 1 >= text.size() || text.at(close + 1) != u':')
            return invalid(text, u"missing port after ']'; "_s + expectedForms);
        const QString inside = text.mid(1, close - 1);
        if (!host.setAddress(inside) || host.protocol() != QAbstractSocket::IPv6Protocol)
            return invalid(text, u"%1 is not an IPv6 address"_s.arg(goQuote(inside)));
        port = text.mid(close + 2);
    } else {
        const qsizetype colon = text.lastIndexOf(u':');
        if (colon < 0)
            return invalid(text, u"missing port; "_s + expectedForms);
        const QString hostText = text.left(colon);
        port = text.mid(colon + 1);
        if (hostText.contains(u':'))
            return invalid(text, u"too many colons; write IPv6 addresses in brackets, such as [::1]:8081"_s);
        if (hostText.contains(u'[') || hostText.contains(u']'))
            return invalid(text, u"unexpected bracket; "_s + expectedForms);
        if (hostText.isEmpty()) {
            host = QHostAddress(QHostAddress::Any);
        } else if (hostText.compare(u"localhost", Qt::CaseInsensitive) == 0) {
            host = QHostAddress(QHostAddress::LocalHost);
        } else if (const std::optional<QHostAddress> ipv4 = parseIPv4(hostText)) {
            host = *ipv4;
        } else {
            return invalid(text, u"host %1 is not an IP address or localhost (host names are not resolved)"_s.arg(
                                     goQuote(hostText)));
        }
    }
    const Result<quint16> portNumber = parsePort(text, port);
    if (!portNumber)
        return portNumber.error();
    return std::optional<BindAddress>(BindAddress{host, *portNumber});
}

QString BindAddress::toString() const
{
    const QString portText = QString::number(port);
    if (host == QHostAddress(QHostAddress::Any))
        return u":"_s + portText;
    if (host.protocol() == QAbstractSocket::IPv6Protocol)
        return u"[%1]:%2"_s.arg(host.toString(), portText);
    return u"%1:%2"_s.arg(host.toString(), portText);
}

} // namespace locust::options
