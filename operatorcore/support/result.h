#pragma once

#include <QString>
#include <QStringList>

#include <utility>
#include <variant>

namespace locust {

// An error as a value: what went wrong, in words a user can act on.
struct Error
{
    QString message;
};

// The text of an error; other error types (kube::ApiError) provide their own describe(), found by
// argument-dependent lookup from Result::errorMessage().
inline QString describe(const Error &error)
{
    return error.message;
}

// Either a value or an error (by default an Error; the Kubernetes client uses its typed ApiError).
// Functions on user or configuration input return this instead of throwing, so nothing on a
// reconcile or webhook path can abort on bad text.
template<typename T, typename E = Error>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {
    }
    Result(E error)
        : m_data(std::in_place_index<1>, std::move(error))
    {
    }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T *operator->() const { return &std::get<0>(m_data); }
    const T &operator*() const & { return std::get<0>(m_data); }

    const E &error() const { return std::get<1>(m_data); }
    // The error's text, or an empty string when there is no error (so it is safe in messages that
    // are built whether or not the check fails, such as QVERIFY2's).
    QString errorMessage() const { return ok() ? QString() : describe(std::get<1>(m_data)); }

private:
    std::variant<T, E> m_data;
};

} // namespace locust
