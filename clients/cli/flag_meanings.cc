#include "clients/cli/flag_meanings.h"

#include <map>

#include "absl/flags/reflection.h"
#include "clients/text/language.h"

namespace minhbach::clients {
namespace {

// What each flag means, in Vietnamese; the English is the flag's own help.
const std::map<std::string, std::string>& VietnameseMeanings() {
  static const auto* meanings = new std::map<std::string, std::string>{
      {"config",
       "tệp cấu hình kết nối (mặc định $MINHBACH_CONFIG hoặc "
       "~/.config/minhbach/client.conf)"},
      {"server", "địa chỉ máy chủ (mặc định $MINHBACH_SERVER hoặc 127.0.0.1:50051)"},
      {"token", "mã truy cập (mặc định $MINHBACH_TOKEN)"},
      {"log",
       "sổ cái, trên máy chủ giữ nhiều sổ, ví dụ lien-chung/2026-2030 (mặc định $MINHBACH_LOG)"},
      {"role", "bản chạy thử: lấy mã truy cập của vai trò này trong --client-tokens"},
      {"client_tokens", "danh sách mã truy cập của bản chạy thử"},
      {"tls_ca", "chứng thư CA (PEM) đã ký chứng thư máy chủ (bật TLS)"},
      {"tls_cert", "chứng thư của máy khách (PEM), cho TLS hai chiều"},
      {"tls_key", "khóa của máy khách (PEM), cho TLS hai chiều"},
      {"timeout", "số giây tối đa cho mỗi lời gọi"},
      {"lang", "ngôn ngữ hiển thị: vi (mặc định) hoặc en; JSON không đổi"},
      {"expect", "append: any, none, hoặc phiên bản hiện tại của luồng"},
      {"stream", "chỉ một luồng (mặc định: cả sổ)"},
      {"from", "vị trí đầu tiên (hoặc phiên bản, khi có --stream)"},
      {"limit", "số sự kiện tối đa"},
      {"backward", "mới nhất trước"},
      {"json", "in JSON (máy đọc), không in chữ"},
      {"log_key", "khóa công khai của sổ (mặc định data/log.pub)"},
      {"trusted", "tệp đầu sổ đã ký lưu lần trước"},
      {"save", "lưu đầu sổ mới vào --trusted khi kiểm chứng đúng"},
      {"to", "thư mục mới trên máy chủ (đường dẫn tuyệt đối)"},
      {"as_of_date", "những gì đã xảy ra đến hết ngày này (YYYY-MM-DD)"},
      {"as_of_position", "những gì sổ ghi khi có N sự kiện đầu"},
      {"min_position", "chờ tới khi câu trả lời gồm N sự kiện đầu của sổ"},
      {"as_recorded", "những gì sổ ghi đến cuối ngày này (giờ Việt Nam) hoặc thời điểm RFC 3339"},
      {"reference_date", "ngày dùng để xét quá hạn (YYYY-MM-DD)"},
      {"entity", "một đối tượng: tiểu dự án, phân công, khoản chi, phát hiện..."},
      {"kind", "một loại sự kiện, hoặc một từ của nó (disbursement)"},
      {"actor", "ai đã ghi"},
      {"from_date", "từ ngày nghiệp vụ (YYYY-MM-DD)"},
      {"to_date", "đến ngày nghiệp vụ, tính cả ngày đó (YYYY-MM-DD)"},
      {"proofs", "kiểm chứng mỗi sự kiện nằm trong đầu sổ đã ký"},
      {"all", "băm lại mọi sự kiện, không lấy mẫu"},
      {"tiles",
       "đọc nhật ký từ bản sao tlog-tiles (thư mục hoặc URL http(s)://), không hỏi máy chủ"},
      {"communes",
       "tệp liệt kê các xã, mỗi dòng một xã: TÊN NGUỒN TỆP_KHÓA (địa chỉ hoặc thư mục bản sao "
       "tlog-tiles, rồi tệp log.pub của xã)"},
      {"every", "số giây giữa hai vòng theo dõi; 0 (mặc định): chạy một vòng rồi dừng"},
      {"rounds", "dừng sau chừng ấy vòng (0: không dừng, khi có --every)"},
      {"commune_head",
       "tệp đầu sổ đã ký của một xã: chứng minh nó nằm trong sổ cái tỉnh ở --server"},
      {"commune_key", "tệp log.pub của xã đó"},
      {"commune_tiles",
       "bản sao tlog-tiles của xã (thư mục hoặc URL http(s)://), để chứng minh đầu sổ của bạn là "
       "phần đầu của đầu sổ lớn hơn mà tỉnh đã ghi"},
      {"out", "tệp ghi ra (.csv, hoặc .xlsx)"},
      {"separator", "dấu phân cách cột của tệp .csv: , hoặc ; (Excel cài tiếng Việt dùng ;)"},
      {"require_cosigner", "khóa xác minh của một nhân chứng (hoặc tệp chứa nó)"},
      {"witness_key", "tệp khóa bí mật của nhân chứng"},
      {"to_time", "các sự kiện ghi đến thời điểm này (RFC 3339)"},
      {"status", "gộp các sự kiện phát lại thành bảng tổng hợp"},
      {"period", "kỳ báo cáo (2024-H1, 2024-H2, 2024); mặc định kỳ mới nhất"},
      {"name", "tên (tiểu dự án, thôn, hoặc khóa nhân chứng)"},
      {"sample", "số sự kiện kiểm chứng bằng bằng chứng khi không có --all"},
      {"request_id",
       "tên của yêu cầu này; chạy lại cùng tên là thử lại vô hại (không ghi hai lần)"},
      {"event_id", "mã sự kiện, một UUID (mặc định: tự sinh)"},
      {"business_date", "ngày sự việc xảy ra (mặc định: ngày lệnh nêu, nếu không thì hôm nay)"},
      {"correlation_id", "mã liên kết các lệnh liên quan"},
      {"causation_id", "lệnh dẫn tới lệnh này"},
      {"id", "mã của bản ghi mới (mặc định: tự sinh)"},
      {"plan", "mã kế hoạch (mặc định: kế hoạch máy chủ đang giữ)"},
      {"document_number", "số văn bản, ví dụ 45/KH-UBND"},
      {"issued_date", "ngày ban hành (YYYY-MM-DD hoặc dd/mm/yyyy)"},
      {"issued_month", "tháng ban hành (YYYY-MM hoặc mm/yyyy) khi văn bản không ghi ngày"},
      {"signer_title", "chức vụ người ký, ví dụ \"KT. Chủ tịch, Phó Chủ tịch\""},
      {"signer_name", "họ tên người ký"},
      {"measure", "loại chỉ tiêu: share (tỷ lệ, tử số trên mẫu số) hoặc count (số đếm)"},
      {"target_unit", "đơn vị đếm của chỉ tiêu: người, hộ..."},
      {"horizon", "thời điểm chỉ tiêu phải đạt (YYYY-MM-DD hoặc dd/mm/yyyy)"},
      {"project", "dự án của tiểu dự án, ví dụ \"Dự án 3: ...\""},
      {"beneficiaries", "đối tượng, nội dung hỗ trợ của tiểu dự án"},
      {"issuer", "cơ quan ban hành, ví dụ UBND xã Liên Chung"},
      {"legal_basis", "căn cứ ban hành"},
      {"title", "trích yếu (tên văn bản)"},
      {"description", "nội dung: chỉ tiêu đo gì, hoặc việc phải làm"},
      {"direction", "at-most (không quá), at-least (ít nhất) hoặc deadline (hạn)"},
      {"value", "chỉ tiêu như kế hoạch viết, ví dụ \"1.37 %\""},
      {"numerator", "tử số của tỷ lệ chỉ tiêu (137 trên 10000 là 1,37 %)"},
      {"denominator", "mẫu số của tỷ lệ chỉ tiêu"},
      {"deadline", "thời hạn (YYYY-MM-DD hoặc dd/mm/yyyy)"},
      {"reason", "lý do"},
      {"funding_source", "nguồn vốn, ví dụ central-budget"},
      {"lead", "đơn vị chủ trì, cách nhau bởi dấu phẩy"},
      {"coordinating", "đơn vị phối hợp, cách nhau bởi dấu phẩy"},
      {"due", "hạn (YYYY-MM-DD hoặc dd/mm/yyyy)"},
      {"by", "đơn vị hoặc người thực hiện"},
      {"text", "nội dung: việc đã làm, kiến nghị hoặc trả lời"},
      {"quantity", "số lượng đã làm (0 nếu không đếm được)"},
      {"evidence", "chứng cứ (số văn bản, mã băm tệp, URL), cách nhau bởi dấu phẩy"},
      {"summary", "kết quả đạt được, hoặc kết luận"},
      {"source", "nguồn vốn, ví dụ central-budget"},
      {"fiscal_year", "năm ngân sách, ví dụ 2024"},
      {"amount", "số tiền (đồng, số nguyên dương): 263500000, 263.500.000 hoặc 263,500,000"},
      {"decision", "số quyết định phân bổ, ví dụ 123/QĐ-UBND"},
      {"allocation", "khoản phân bổ được chi"},
      {"date_paid", "ngày chi (YYYY-MM-DD hoặc dd/mm/yyyy)"},
      {"voucher", "số chứng từ chi"},
      {"village", "thôn, ví dụ thon-1"},
      {"values", "số liệu của thôn: CHỈ-TIÊU:TỬ-SỐ/MẪU-SỐ, cách nhau bởi dấu phẩy"},
      {"partial", "tổng hợp dù còn thôn chưa báo cáo, với lý do này"},
      {"body", "cơ quan giám sát, ví dụ UBMTTQ xã"},
      {"scope", "nội dung giám sát"},
      {"date", "ngày (YYYY-MM-DD hoặc dd/mm/yyyy)"},
      {"participants", "người tham gia, cách nhau bởi dấu phẩy"},
      {"finding", "mã phát hiện (với `finding`: mặc định tự sinh)"},
      {"subject", "phát hiện về việc gì, ví dụ DA3-TDA3"},
      {"severity", "mức độ: low (thấp), medium (vừa) hoặc high (cao)"},
      {"recommendation", "mã kiến nghị (với `recommend`: mặc định tự sinh)"},
      {"unit", "đơn vị phải thực hiện và trả lời, ví dụ ldtbxh"},
      {"note", "ghi chú (có thể để trống)"},
      {"area", "khu vực: rural (nông thôn) hoặc urban (thành thị)"},
      {"members", "số nhân khẩu của hộ"},
      {"personal", "tệp JSON dữ liệu cá nhân của hộ; máy chủ mã hóa trước khi ghi"},
      {"review", "đợt rà soát, ví dụ RV-2025-thon-1"},
      {"income", "thu nhập bình quân đầu người/tháng (đồng)"},
      {"purpose", "lý do đọc dữ liệu cá nhân (được ghi vào sổ cùng người đọc)"},
      {"deprived", "các chỉ số hộ thiếu hụt, cách nhau bởi dấu phẩy (mã trong chuẩn nghèo)"},
      {"standard", "chuẩn nghèo, ví dụ nd-07-2021"},
      {"villages", "các thôn, cách nhau bởi dấu phẩy"},
      {"households", "các hộ, cách nhau bởi dấu phẩy (mặc định: mọi hộ đã đăng ký của các thôn)"},
      {"until", "ngày cuối nhận khiếu nại"},
      {"household", "mã hộ, ví dụ thon-1/H-0042"},
      {"complaint", "mã khiếu nại (với `complaint`: mặc định tự sinh)"},
      {"outcome", "kết quả: upheld (chấp nhận) hoặc rejected (không chấp nhận)"},
      {"attendees", "số người dự họp"},
      {"support_kind", "loại hỗ trợ: training, job-matching, health-insurance, house-repair..."},
      {"in_kind", "hỗ trợ bằng hiện vật: những gì đã trao (không ghi dữ liệu cá nhân)"},
      {"disbursement", "khoản chi mà hỗ trợ bằng tiền lấy từ đó"},
      {"subproject", "tiểu dự án, ví dụ DA3-TDA1"},
  };
  return *meanings;
}

}  // namespace

std::string FlagMeaning(const std::string& name) {
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
  // --json's own help names one command; every command that takes it means this.
  const std::string english = name == "json"    ? "print JSON (for programs) instead of text"
                              : flag == nullptr ? ""
                                                : flag->Help();
  const auto vi = VietnameseMeanings().find(name);
  return Say(vi == VietnameseMeanings().end() ? english : vi->second, english);
}

}  // namespace minhbach::clients
