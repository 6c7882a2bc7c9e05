#include "kube/conflictretry.h"

using namespace Qt::StringLiterals;

namespace locust::kube {

QCoro::Task<ApiResult<QJsonObject>> updateWithRetry(KubeClient *client, ResourceType type, ObjectKey key,
                                                    std::function<Mutation(QJsonObject &)> mutate,
                                                    bool statusSubresource, ConflictRetry retry)
{
    std::function<QCoro::Task<ApiResult<QJsonObject>>()> attempt =
        [client, type, key, mutate, statusSubresource]() -> QCoro::Task<ApiResult<QJsonObject>> {
        ApiResult<QJsonObject> current = co_await client->get(type, key);
        if (!current)
            co_return current;
        QJsonObject object = *current;
        if (mutate(object) == Mutation::Unchanged)
            co_return object;
        co_return statusSubresource ? co_await client->updateStatus(type, object)
                                    : co_await client->update(type, object);
    };
    co_return co_await retryOnConflict(attempt, retry);
}

} // namespace locust::kube
