#pragma once

#include "kube/apierror.h"
#include "kube/kubeclient.h"

#include <QCoroTask>
#include <QCoroTimer>
#include <QJsonObject>
#include <QRandomGenerator>

#include <chrono>
#include <functional>

namespace locust::kube {

// How often and how fast to retry after 409 Conflict (client-go's retry.DefaultRetry: 5 attempts,
// 10 ms apart, with 10 % jitter).
struct ConflictRetry
{
    int attempts = 5;
    std::chrono::milliseconds delay{10};
    double jitter = 0.1;
};

// Runs `attempt` until it succeeds, fails with anything but a conflict, or the attempts run out.
// Each attempt must re-read what it writes, so that it applies its change to the current version.
template<typename T>
QCoro::Task<ApiResult<T>> retryOnConflict(std::function<QCoro::Task<ApiResult<T>>()> attempt, ConflictRetry retry = {})
{
    for (int i = 1;; ++i) {
        ApiResult<T> result = co_await attempt();
        if (result || !result.error().isConflict() || i >= retry.attempts)
            co_return result;
        const double factor = 1.0 + retry.jitter * QRandomGenerator::global()->generateDouble();
        co_await QCoro::sleepFor(std::chrono::milliseconds(qint64(retry.delay.count() * factor)));
    }
}

// What a mutation decided: write the changed object, or leave it as it is.
enum class Mutation { Write, Unchanged };

// GET the object, let `mutate` change it, PUT it (or PUT its status), retrying on conflict with a
// fresh read each time. Returns the stored object (or the unchanged one).
QCoro::Task<ApiResult<QJsonObject>> updateWithRetry(KubeClient *client, ResourceType type, ObjectKey key,
                                                    std::function<Mutation(QJsonObject &)> mutate,
                                                    bool statusSubresource = false, ConflictRetry retry = {});

} // namespace locust::kube
