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

// Either a value or an Error. Functions on user or configuration input return this instead of
// throwing, so nothing on a reconcile or webhook path can abort on bad text.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {
    }
    Result(Error error)
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

    const Error &error() const { return std::get<1>(m_data); }
    const QString &errorMessage() const { return std::get<1>(m_data).message; }

private:
    std::variant<T, Error> m_data;
};

} // namespace locust
