// Payloads for people and scripts: every rendering is one valid JSON value.
#include "clients/event_text.h"

#include "clients/terminal_text.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "minhbach/v1/program_events.pb.h"

namespace minhbach::clients {
namespace {

v1::EventRecord Record(const std::string& type, const std::string& payload) {
  v1::EventRecord record;
  record.set_position(7);
  record.set_stream("ext/notes");
  record.set_event_type(type);
  record.set_payload(payload);
  return record;
}

// The JSON text parsed back, as a protobuf Value.
google::protobuf::Value Parsed(const std::string& json) {
  google::protobuf::Value value;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &value).ok()) << json;
  return value;
}

TEST(EventTextTest, AProgramPayloadIsItsMessageAsJson) {
  v1::AssignmentMade made;
  made.set_assignment_id("DA3-TDA3-01");
  const google::protobuf::Value value =
      Parsed(PayloadJson(Record("AssignmentMade", made.SerializeAsString())));
  EXPECT_EQ(value.struct_value().fields().at("assignment_id").string_value(), "DA3-TDA3-01");
}

TEST(EventTextTest, TextWithQuotesAndNewlinesIsOneJsonStringOnOneLine) {
  const std::string text = "Họp thôn \"Đồng Tâm\"\nngày 2\t(minh họa)\\";
  const std::string json = PayloadJson(Record("NoteRecorded", text));
  EXPECT_EQ(json.find('\n'), std::string::npos) << json;
  EXPECT_EQ(Parsed(json).string_value(), text);
}

TEST(EventTextTest, BytesThatAreNotTextAreCounted) {
  const std::string json = PayloadJson(Record("NoteRecorded", std::string("\xff\xfe\x00\x01", 4)));
  EXPECT_EQ(Parsed(json).struct_value().fields().at("bytes").number_value(), 4);
}

TEST(EventTextTest, EventJsonIsValidJsonWhateverThePayload) {
  for (const std::string& payload : {std::string("a\nb"), std::string("\xc3\x28", 2)}) {
    const google::protobuf::Value value = Parsed(EventJson(Record("NoteRecorded", payload), true));
    EXPECT_TRUE(value.struct_value().fields().at("proven").bool_value());
  }
}

// Finding 13: a log written before the server refused control characters
// (or a payload written by anyone) still cannot drive an auditor's terminal.
TEST(EventTextTest, Finding13_ARowForATerminalEscapesControlCharacters) {
  v1::EventRecord record = Record("\x1b[2J", "clear\x1b[2Jscreen \xe2\x80\xae");
  record.set_actor("evil\x1b]0;title\x07");
  const std::string row = EventRow(record);
  EXPECT_EQ(row.find('\x1b'), std::string::npos) << row;
  EXPECT_EQ(row.find('\x07'), std::string::npos) << row;
  EXPECT_EQ(row.find("\xe2\x80\xae"), std::string::npos) << row;
  EXPECT_NE(row.find("\\x1b[2J"), std::string::npos) << row;
  EXPECT_NE(row.find("evil\\x1b]0;title\\x07"), std::string::npos) << row;
  EXPECT_EQ(row.back(), '\n');
  EXPECT_EQ(row.find('\n'), row.size() - 1) << row;
  // The JSON rendering escapes them too (JSON's own \u001b), and stays valid.
  const std::string json = EventJson(record, false);
  EXPECT_EQ(json.find('\x1b'), std::string::npos) << json;
}

TEST(EventTextTest, ARawAppendWithoutABusinessTimeHasNoBusinessDateNot1970) {
  v1::EventRecord record = Record("NoteRecorded", "ghi chú");
  record.set_recorded_time_micros(int64_t{1733011200} * 1000000);  // 01/12/2024
  EXPECT_EQ(BusinessDate(record), "");
  EXPECT_EQ(EventRow(record).find("1970"), std::string::npos) << EventRow(record);
  EXPECT_NE(EventRow(record).find("—"), std::string::npos) << EventRow(record);
  // 16/09/2024, as a business date is stored: its midnight UTC.
  record.set_business_time_micros(int64_t{1726444800} * 1000000);
  EXPECT_EQ(BusinessDate(record), "2024-09-16");
  EXPECT_NE(EventRow(record).find("16/09/2024"), std::string::npos) << EventRow(record);
}

TEST(EventTextTest, Finding13_TerminalSafeKeepsPrintableTextAndEscapesTheRest) {
  EXPECT_EQ(TerminalSafe("Giải ngân 10.000.000 đồng"), "Giải ngân 10.000.000 đồng");
  EXPECT_EQ(TerminalSafe("a\x1b[31mb"), "a\\x1b[31mb");
  EXPECT_EQ(TerminalSafe("\xc2\x9b"
                         "2J"),
            "\\u009b2J");
  EXPECT_EQ(TerminalSafe("x\xffy"), "x\\xffy");
  EXPECT_EQ(TerminalSafeLines("one\x1b\ntwo\n"), "one\\x1b\ntwo\n");
}

}  // namespace
}  // namespace minhbach::clients
