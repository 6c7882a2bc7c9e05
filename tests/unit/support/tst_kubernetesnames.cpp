#include "support/kubernetesnames.h"

#include <QTest>

using namespace Qt::StringLiterals;
namespace names = locust::kubernetesnames;

class KubernetesNamesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void subdomain_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << u"gvisor"_s << true;
        QTest::newRow("dashes") << u"kata-containers"_s << true;
        QTest::newRow("dots") << u"sandbox.example.com"_s << true;
        QTest::newRow("upper case") << u"gVisor"_s << false;
        QTest::newRow("underscore") << u"gvisor_sandbox"_s << false;
        QTest::newRow("leading dash") << u"-gvisor"_s << false;
        QTest::newRow("trailing space") << u"gvisor "_s << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("empty label") << u"a..b"_s << false;
        QTest::newRow("253") << QString(253, u'a') << true;
        QTest::newRow("254") << QString(254, u'a') << false;
    }
    void subdomain()
    {
        QFETCH(QString, value);
        QFETCH(bool, valid);
        QCOMPARE(names::dns1123Subdomain(value).isEmpty(), valid);
    }

    void labels_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("dns1123");
        QTest::addColumn<bool>("dns1035");
        QTest::newRow("name") << u"my-test-master"_s << true << true;
        QTest::newRow("leading digit") << u"1abc-master"_s << true << false;
        QTest::newRow("dot") << u"a.b"_s << false << false;
        QTest::newRow("63") << QString(63, u'a') << true << true;
        QTest::newRow("64") << QString(64, u'a') << false << false;
        QTest::newRow("trailing dash") << u"abc-"_s << false << false;
    }
    void labels()
    {
        QFETCH(QString, value);
        QFETCH(bool, dns1123);
        QFETCH(bool, dns1035);
        QCOMPARE(names::dns1123Label(value).isEmpty(), dns1123);
        QCOMPARE(names::dns1035Label(value).isEmpty(), dns1035);
    }

    void qualifiedName_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << u"app"_s << true;
        QTest::newRow("prefixed") << u"prometheus.io/scrape"_s << true;
        QTest::newRow("mixed case name") << u"example.com/MyName"_s << true;
        QTest::newRow("upper case prefix") << u"Example.com/name"_s << false;
        QTest::newRow("empty prefix") << u"/name"_s << false;
        QTest::newRow("empty name") << u"example.com/"_s << false;
        QTest::newRow("two slashes") << u"a/b/c"_s << false;
        QTest::newRow("space") << u"my key"_s << false;
        QTest::newRow("name 64") << QString(64, u'a') << false;
    }
    void qualifiedName()
    {
        QFETCH(QString, value);
        QFETCH(bool, valid);
        QCOMPARE(names::qualifiedName(value).isEmpty(), valid);
    }

    void labelValue_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::newRow("empty") << QString() << true;
        QTest::newRow("dots kept") << u"team-a.load-test"_s << true;
        QTest::newRow("underscore") << u"my_value"_s << true;
        QTest::newRow("space") << u"a b"_s << false;
        QTest::newRow("64") << QString(64, u'a') << false;
    }
    void labelValue()
    {
        QFETCH(QString, value);
        QFETCH(bool, valid);
        QCOMPARE(names::labelValue(value).isEmpty(), valid);
    }

    void messagesUseKubernetesWording()
    {
        const QStringList errors = names::dns1123Subdomain(u"gVisor"_s);
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors[0].startsWith(u"a lowercase RFC 1123 subdomain must consist of"_s));
        QVERIFY(errors[0].contains(u"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'"_s));
        QCOMPARE(names::dns1123Subdomain(QString(254, u'a')).first(), u"must be no more than 253 characters"_s);
    }
};

QTEST_GUILESS_MAIN(KubernetesNamesTest)
#include "tst_kubernetesnames.moc"
