#!/usr/bin/python3
"""One unary gRPC call with Debian's grpcio (a client minhbach did not write),
printed as proto JSON (lowerCamelCase, defaults included), so that the browser
tests compare what the web app shows with the gRPC API's own answer.

  grpc_answer.py DESCRIPTOR_SET ADDRESS TOKEN /minhbach.v1.Service/Method 'REQUEST_JSON'
"""
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory


def main():
    descriptor_set, address, token, method, request_json = sys.argv[1:6]
    files = descriptor_pb2.FileDescriptorSet()
    with open(descriptor_set, "rb") as f:
        files.ParseFromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for file in files.file:
        pool.Add(file)
    service_name, method_name = method.strip("/").split("/")
    method_descriptor = pool.FindServiceByName(service_name).FindMethodByName(method_name)
    request_class = message_factory.GetMessageClass(method_descriptor.input_type) if hasattr(
        message_factory, "GetMessageClass") else message_factory.MessageFactory(pool).GetPrototype(
            method_descriptor.input_type)
    response_class = message_factory.GetMessageClass(method_descriptor.output_type) if hasattr(
        message_factory, "GetMessageClass") else message_factory.MessageFactory(pool).GetPrototype(
            method_descriptor.output_type)
    request = json_format.Parse(request_json, request_class())
    with grpc.insecure_channel(address) as channel:
        call = channel.unary_unary(method, request_serializer=lambda m: m.SerializeToString(),
                                   response_deserializer=response_class.FromString)
        try:
            response = call(request, metadata=[("authorization", "Bearer " + token)], timeout=30)
        except grpc.RpcError as error:
            print(f"{error.code().name}: {error.details()}", file=sys.stderr)
            sys.exit(2)
    print(json_format.MessageToJson(response, including_default_value_fields=True))


if __name__ == "__main__":
    main()
