// /healthz and /readyz as controller-runtime answers them: "ok", per-check paths, ?verbose, 500 with
// the list when a check fails.

#include "manager/healthchecks.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::httpserver;
using locust::manager::HealthChecks;

namespace {

HttpRequest get(const QString &path, const QByteArray &query = {})
{
    HttpRequest request;
    request.method = "GET";
    request.path = path;
    request.query = query;
    return request;
}

} // namespace

class HealthChecksTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everythingPassing()
    {
        HealthChecks checks;
        checks.addReadinessCheck(u"webhook"_s, [] { return std::optional<QString>(); });
        QCOMPARE(checks.liveness(get(u"/healthz"_s)).status, 200);
        QCOMPARE(checks.liveness(get(u"/healthz"_s)).body, QByteArray("ok"));
        QCOMPARE(checks.readiness(get(u"/readyz"_s)).body, QByteArray("ok"));
        QCOMPARE(checks.readiness(get(u"/readyz"_s, "verbose")).body,
                 QByteArray("[+]ping ok\n[+]webhook ok\nreadyz check passed\n"));
        QCOMPARE(checks.readiness(get(u"/readyz/webhook"_s)).body, QByteArray("ok"));
    }

    void aFailingCheckIs500WithTheList()
    {
        HealthChecks checks;
        std::optional<QString> failure = u"connection refused"_s;
        checks.addReadinessCheck(u"webhook"_s, [&failure] { return failure; });
        const HttpResponse ready = checks.readiness(get(u"/readyz"_s));
        QCOMPARE(ready.status, 500);
        QCOMPARE(ready.body, QByteArray("[+]ping ok\n[-]webhook failed: connection refused\nreadyz check failed\n"));
        QCOMPARE(checks.readiness(get(u"/readyz/webhook"_s)).status, 500);
        QCOMPARE(checks.readiness(get(u"/readyz/ping"_s)).status, 200);
        QCOMPARE(checks.liveness(get(u"/healthz"_s)).status, 200); // readiness checks do not touch liveness

        failure.reset(); // the check reports the current state on every request
        QCOMPARE(checks.readiness(get(u"/readyz"_s)).status, 200);
    }

    void unknownCheckIs404()
    {
        HealthChecks checks;
        QCOMPARE(checks.readiness(get(u"/readyz/webhook"_s)).status, 404);
    }
};

QTEST_GUILESS_MAIN(HealthChecksTest)
#include "tst_healthchecks.moc"
