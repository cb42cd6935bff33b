// SPDX-License-Identifier: GPL-2.0
#include "file_io.hpp"

#include <array>
#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hive {
namespace {

class FileDescriptor {
public:
	explicit FileDescriptor(int fd) : fd_(fd) {}
	FileDescriptor(const FileDescriptor &) = delete;
	FileDescriptor &operator=(const FileDescriptor &) = delete;
	~FileDescriptor()
	{
		if (fd_ >= 0)
			close(fd_);
	}
	int get() const { return fd_; }

private:
	int fd_;
};

std::string reason(int error)
{
	return std::generic_category().message(error);
}

} // namespace

Result<std::string> read_small_file(const std::string &path, std::size_t max_bytes)
{
	int error = 0;
	return read_small_file(path, max_bytes, error);
}

Result<std::string> read_small_file(const std::string &path, std::size_t max_bytes, int &error)
{
	error = 0;
	const FileDescriptor file(open(path.c_str(), O_RDONLY | O_CLOEXEC));
	if (file.get() < 0) {
		error = errno;
		return Error{"cannot read: " + reason(error)};
	}
	std::string text;
	std::array<char, 4096> chunk;
	for (;;) {
		const ssize_t got = read(file.get(), chunk.data(), chunk.size());
		if (got == 0)
			return text;
		if (got < 0) {
			if (errno == EINTR)
				continue;
			error = errno;
			return Error{"cannot read: " + reason(error)};
		}
		text.append(chunk.data(), static_cast<std::size_t>(got));
		if (text.size() > max_bytes)
			return Error{"too large (over " + std::to_string(max_bytes / 1024) + " KiB)"};
	}
}

Result<void> write_file_atomically(const std::string &path, std::string_view data, mode_t mode)
{
	const std::string temporary = path + ".tmp";
	const auto failed = [&](int error) -> Result<void> {
		unlink(temporary.c_str());
		return Error{path + ": cannot write: " + reason(error)};
	};
	const FileDescriptor file(open(temporary.c_str(),
				       O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
	if (file.get() < 0)
		return Error{path + ": cannot write: " + reason(errno)};
	// open() applies the umask; the mode must be exactly @mode.
	if (fchmod(file.get(), mode) != 0)
		return failed(errno);
	for (std::size_t done = 0; done < data.size();) {
		const ssize_t wrote = write(file.get(), data.data() + done, data.size() - done);
		if (wrote < 0 && errno == EINTR)
			continue;
		if (wrote < 0)
			return failed(errno);
		done += static_cast<std::size_t>(wrote);
	}
	if (fsync(file.get()) != 0 || rename(temporary.c_str(), path.c_str()) != 0)
		return failed(errno);
	return {};
}

} // namespace hive
