#include "awaittask.h"
#include "kube/conflictretry.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust::kube;

namespace {

ApiError conflict()
{
    return ApiError::fromResponse(409, R"({"kind":"Status","reason":"Conflict","code":409,"message":"modified"})");
}

} // namespace

class ConflictRetryTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retriesConflictsUntilSuccess()
    {
        int attempts = 0;
        std::function<QCoro::Task<ApiResult<int>>()> attempt = [&attempts]() -> QCoro::Task<ApiResult<int>> {
            ++attempts;
            if (attempts < 3)
                co_return conflict();
            co_return 42;
        };
        const ApiResult<int> result = locust::testsupport::await(retryOnConflict(attempt));
        QVERIFY(result);
        QCOMPARE(*result, 42);
        QCOMPARE(attempts, 3);
    }

    void givesUpAfterTheLastAttempt()
    {
        int attempts = 0;
        std::function<QCoro::Task<ApiResult<int>>()> attempt = [&attempts]() -> QCoro::Task<ApiResult<int>> {
            ++attempts;
            co_return conflict();
        };
        const ApiResult<int> result = locust::testsupport::await(retryOnConflict(attempt, ConflictRetry{4, std::chrono::milliseconds(1), 0}));
        QVERIFY(!result);
        QVERIFY(result.error().isConflict());
        QCOMPARE(attempts, 4);
    }

    void otherErrorsAreNotRetried()
    {
        int attempts = 0;
        std::function<QCoro::Task<ApiResult<int>>()> attempt = [&attempts]() -> QCoro::Task<ApiResult<int>> {
            ++attempts;
            co_return ApiError::fromResponse(404, "{}");
        };
        const ApiResult<int> result = locust::testsupport::await(retryOnConflict(attempt));
        QVERIFY(!result);
        QVERIFY(result.error().isNotFound());
        QCOMPARE(attempts, 1);
    }
};

QTEST_GUILESS_MAIN(ConflictRetryTest)
#include "tst_conflictretry.moc"
