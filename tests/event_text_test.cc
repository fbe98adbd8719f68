// Payloads for people and scripts: every rendering is one valid JSON value.
#include "clients/event_text.h"

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

}  // namespace
}  // namespace minhbach::clients
