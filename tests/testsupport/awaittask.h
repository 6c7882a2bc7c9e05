#pragma once

#include <QCoroTask>

#include <optional>
#include <utility>

namespace locust::testsupport {

// Runs a coroutine to completion from a test and returns its result. QCoro::waitFor() needs a
// default-constructible result, which Result<T> deliberately is not.
template<typename T>
T await(QCoro::Task<T> task)
{
    std::optional<T> result;
    auto run = [&]() -> QCoro::Task<void> { result.emplace(co_await std::move(task)); };
    QCoro::waitFor(run());
    return std::move(*result);
}

inline void await(QCoro::Task<void> task)
{
    QCoro::waitFor(std::move(task));
}

} // namespace locust::testsupport
