// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_RESULT_HPP
#define HIVE_RESULT_HPP

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace hive {

/// Why something failed, as a sentence a user can act on.
struct Error {
	std::string message;
};

/// Either a T or the Error that prevented it (std::expected is C++23).
template <typename T>
class [[nodiscard]] Result {
public:
	Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
	Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

	/// True when the result holds a value.
	bool ok() const { return state_.index() == 0; }
	explicit operator bool() const { return ok(); }

	/// The value; only valid when ok().
	T &value() { return std::get<0>(state_); }
	const T &value() const { return std::get<0>(state_); }

	/// The error; only valid when !ok().
	const Error &error() const { return std::get<1>(state_); }

private:
	std::variant<T, Error> state_;
};

/// Success, or the Error that prevented it.
template <>
class [[nodiscard]] Result<void> {
public:
	Result() = default;
	Result(Error error) : error_(std::move(error)) {}

	/// True on success.
	bool ok() const { return !error_; }
	explicit operator bool() const { return ok(); }

	/// The error; only valid when !ok().
	const Error &error() const { return *error_; }

private:
	std::optional<Error> error_;
};

} // namespace hive

#endif // HIVE_RESULT_HPP
