#include "services/web/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace minhbach::services::web {
namespace {

namespace fs = std::filesystem;

constexpr char kHtml[] = "text/html; charset=utf-8";

StaticReply NotFound() {
  return {404, "text/plain; charset=utf-8", "Không tìm thấy tệp này (404 Not Found).\n", ""};
}

std::string HtmlEscape(absl::string_view text) {
  return absl::StrReplaceAll(text,
                             {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

// The page shown when the web app's files are not there: what happened and
// how to make them, in Vietnamese (with the English beneath for operators).
StaticReply NotBuilt(const std::string& web_root) {
  const std::string root = HtmlEscape(web_root);
  return {503, kHtml,
          absl::StrCat(
              "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
              "<title>minhbach: chưa có ứng dụng web</title></head><body>\n"
              "<h1>Chưa có tệp của ứng dụng web</h1>\n"
              "<p>Máy chủ minhbachd đang chạy, nhưng thư mục ứng dụng web <code>",
              root,
              "</code> chưa có tệp <code>index.html</code>: ứng dụng web chưa được dựng.</p>\n"
              "<p>Cách dựng: trong thư mục mã nguồn, chạy <code>deploy/install-deps.sh</code> "
              "rồi <code>cmake --build build</code> (lệnh này chép <code>clients/web/site</code> "
              "vào <code>build/clients/web/site</code>), hoặc chạy <code>deploy/run.sh</code>. "
              "Nếu các tệp nằm ở nơi khác, khởi động minhbachd với "
              "<code>--web_root=THƯ_MỤC</code> (thư mục có <code>index.html</code>).</p>\n"
              "<p lang=\"en\">The web app's files are not built: run "
              "<code>cmake --build build</code>, or give <code>--web_root=DIR</code>.</p>\n"
              "<p>Giao diện gRPC và API JSON (<code>POST /minhbach.v1.&lt;Service&gt;/"
              "&lt;Method&gt;</code>) vẫn hoạt động.</p>\n</body></html>\n"),
          "no-cache"};
}

bool ReadFile(const fs::path& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream content;
  content << in.rdbuf();
  if (in.bad()) return false;
  *text = content.str();
  return true;
}

}  // namespace

std::string ContentTypeOf(absl::string_view file_name) {
  static constexpr std::pair<const char*, const char*> kTypes[] = {
      {".html", kHtml},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (absl::EndsWith(file_name, extension)) return type;
  }
  return "application/octet-stream";
}

StaticReply ServeStatic(const std::string& web_root, absl::string_view path) {
  std::error_code error;
  const fs::path root = fs::canonical(web_root, error);
  if (error || !fs::is_regular_file(root / "index.html", error)) return NotBuilt(web_root);
  if (path.empty() || path == "/") path = "/index.html";
  if (!absl::StartsWith(path, "/") || absl::StrContains(path, '\\') ||
      absl::StrContains(path, absl::string_view("\0", 1))) {
    return NotFound();
  }
  fs::path relative;
  for (absl::string_view segment : absl::StrSplit(path.substr(1), '/')) {
    if (segment.empty() || segment == "." || segment == "..") return NotFound();
    relative /= std::string(segment);
  }
  // A symbolic link may stay inside the root, never lead out of it.
  const fs::path file = fs::canonical(root / relative, error);
  if (error || !fs::is_regular_file(file, error)) return NotFound();
  const std::string inside = file.lexically_relative(root).string();
  if (inside.empty() || absl::StartsWith(inside, "..")) return NotFound();
  StaticReply reply;
  if (!ReadFile(file, &reply.body)) return NotFound();
  reply.content_type = ContentTypeOf(file.filename().string());
  if (file.filename() == "index.html") reply.cache_control = "no-cache";
  return reply;
}

}  // namespace minhbach::services::web
