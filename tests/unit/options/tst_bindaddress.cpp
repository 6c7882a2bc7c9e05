#include "options/bindaddress.h"

#include <QTest>

using namespace Qt::StringLiterals;
using locust::options::BindAddress;

class BindAddressTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void disabled()
    {
        const auto parsed = BindAddress::parse(u"0"_s);
        QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
        QVERIFY(!parsed->has_value());
    }

    void accepts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QHostAddress>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("display");
        QTest::newRow("any host") << u":8081"_s << QHostAddress(QHostAddress::Any) << 8081 << u":8081"_s;
        QTest::newRow("IPv4 any") << u"0.0.0.0:8081"_s << QHostAddress(QHostAddress::AnyIPv4) << 8081
                                  << u"0.0.0.0:8081"_s;
        QTest::newRow("IPv4 loopback") << u"127.0.0.1:8081"_s << QHostAddress(QHostAddress::LocalHost) << 8081
                                       << u"127.0.0.1:8081"_s;
        QTest::newRow("IPv4 address") << u"10.1.200.3:8080"_s << QHostAddress(u"10.1.200.3"_s) << 8080
                                      << u"10.1.200.3:8080"_s;
        QTest::newRow("IPv6 loopback") << u"[::1]:8081"_s << QHostAddress(QHostAddress::LocalHostIPv6) << 8081
                                       << u"[::1]:8081"_s;
        QTest::newRow("IPv6 any") << u"[::]:8443"_s << QHostAddress(QHostAddress::AnyIPv6) << 8443 << u"[::]:8443"_s;
        QTest::newRow("IPv6 address") << u"[fd00::12:1]:9443"_s << QHostAddress(u"fd00::12:1"_s) << 9443
                                      << u"[fd00::12:1]:9443"_s;
        QTest::newRow("localhost without DNS") << u"localhost:8081"_s << QHostAddress(QHostAddress::LocalHost)
                                               << 8081 << u"127.0.0.1:8081"_s;
        QTest::newRow("localhost any case") << u"LocalHost:80"_s << QHostAddress(QHostAddress::LocalHost) << 80
                                            << u"127.0.0.1:80"_s;
        QTest::newRow("lowest port") << u":1"_s << QHostAddress(QHostAddress::Any) << 1 << u":1"_s;
        QTest::newRow("highest port") << u":65535"_s << QHostAddress(QHostAddress::Any) << 65535 << u":65535"_s;
        QTest::newRow("leading zeros in port") << u":08081"_s << QHostAddress(QHostAddress::Any) << 8081
                                               << u":8081"_s;
    }

    void accepts()
    {
        QFETCH(QString, text);
        QFETCH(QHostAddress, host);
        QFETCH(int, port);
        QFETCH(QString, display);
        const auto parsed = BindAddress::parse(text);
        QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
        QVERIFY(parsed->has_value());
        const BindAddress address = **parsed;
        QCOMPARE(address.host, host);
        QCOMPARE(address.host.protocol(), host.protocol());
        QCOMPARE(int(address.port), port);
        QCOMPARE(address.toString(), display);
        QVERIFY(address == (BindAddress{host, quint16(port)}));
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        const QString forms = u"expected [host]:port such as :8081, 0.0.0.0:8081, [::1]:8081 or localhost:8081, "
                              "or 0 to disable"_s;
        QTest::newRow("empty") << QString() << u"invalid bind address \"\": empty; "_s + forms;
        QTest::newRow("port only") << u"8081"_s << u"invalid bind address \"8081\": missing port; "_s + forms;
        QTest::newRow("host only") << u"127.0.0.1"_s << u"invalid bind address \"127.0.0.1\": missing port; "_s + forms;
        QTest::newRow("colon only") << u":"_s << u"invalid bind address \":\": missing port; "_s + forms;
        QTest::newRow("port zero") << u":0"_s
                                   << u"invalid bind address \":0\": port 0 (any free port) is not allowed; use 0 "
                                      "alone to disable the listener"_s;
        QTest::newRow("port too high") << u":65536"_s
                                       << u"invalid bind address \":65536\": port \"65536\" is not a number from 1 to "
                                          "65535"_s;
        QTest::newRow("huge port") << u":99999999999999999999"_s
                                   << u"invalid bind address \":99999999999999999999\": port \"99999999999999999999\" "
                                      "is not a number from 1 to 65535"_s;
        QTest::newRow("negative port") << u":-1"_s
                                       << u"invalid bind address \":-1\": port \"-1\" is not a number from 1 to 65535"_s;
        QTest::newRow("named port") << u":http"_s
                                    << u"invalid bind address \":http\": port \"http\" is not a number from 1 to "
                                       "65535"_s;
        QTest::newRow("space in port") << u":80 "_s
                                       << u"invalid bind address \":80 \": port \"80 \" is not a number from 1 to "
                                          "65535"_s;
        QTest::newRow("host name") << u"example.com:8081"_s
                                   << u"invalid bind address \"example.com:8081\": host \"example.com\" is not an IP "
                                      "address or localhost (host names are not resolved)"_s;
        QTest::newRow("short IPv4") << u"127.1:8081"_s
                                    << u"invalid bind address \"127.1:8081\": host \"127.1\" is not an IP address or "
                                       "localhost (host names are not resolved)"_s;
        QTest::newRow("IPv4 leading zero") << u"127.0.0.01:8081"_s
                                           << u"invalid bind address \"127.0.0.01:8081\": host \"127.0.0.01\" is not "
                                              "an IP address or localhost (host names are not resolved)"_s;
        QTest::newRow("IPv4 part too big") << u"256.0.0.1:8081"_s
                                           << u"invalid bind address \"256.0.0.1:8081\": host \"256.0.0.1\" is not an "
                                              "IP address or localhost (host names are not resolved)"_s;
        QTest::newRow("IPv6 without brackets") << u"::1:8081"_s
                                               << u"invalid bind address \"::1:8081\": too many colons; write IPv6 "
                                                  "addresses in brackets, such as [::1]:8081"_s;
        QTest::newRow("unclosed bracket") << u"[::1:8081"_s
                                          << u"invalid bind address \"[::1:8081\": missing ']' after the IPv6 address; "_s
                + forms;
        QTest::newRow("brackets without port") << u"[::1]"_s
                                               << u"invalid bind address \"[::1]\": missing port after ']'; "_s + forms;
        QTest::newRow("brackets with empty port") << u"[::1]:"_s
                                                  << u"invalid bind address \"[::1]:\": missing port; "_s + forms;
        QTest::newRow("IPv4 in brackets") << u"[127.0.0.1]:8081"_s
                                          << u"invalid bind address \"[127.0.0.1]:8081\": \"127.0.0.1\" is not an IPv6 "
                                             "address"_s;
        QTest::newRow("empty brackets") << u"[]:8081"_s
                                        << u"invalid bind address \"[]:8081\": \"\" is not an IPv6 address"_s;
        QTest::newRow("stray bracket") << u"1.2.3.4]:80"_s
                                       << u"invalid bind address \"1.2.3.4]:80\": unexpected bracket; "_s + forms;
        QTest::newRow("scheme") << u"http://:8081"_s
                                << u"invalid bind address \"http://:8081\": too many colons; write IPv6 addresses "
                                   "in brackets, such as [::1]:8081"_s;
        QTest::newRow("control characters quoted") << u"\n:80"_s
                                                   << u"invalid bind address \"\\n:80\": host \"\\n\" is not an IP "
                                                      "address or localhost (host names are not resolved)"_s;
        QTest::newRow("zero with spaces") << u" 0"_s << u"invalid bind address \" 0\": missing port; "_s + forms;
    }

    void rejects()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const auto parsed = BindAddress::parse(text);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.errorMessage(), message);
    }
};

QTEST_GUILESS_MAIN(BindAddressTest)
#include "tst_bindaddress.moc"
