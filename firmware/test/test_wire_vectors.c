#include <string.h>

#include "check.h"
#include "nanorpc/fnv1a.h"
#include "nanorpc/request.h"
#include "nanorpc/response.h"
#include "test_codec.h"
#include "wire_vectors.h"

#define VECTOR_COUNT (sizeof wire_vectors / sizeof wire_vectors[0])

static const uint8_t *body_of(const wire_vector_t *vector, size_t *length)
{
    *length = vector->frame_length - vector->prefix_length;
    return vector->frame + vector->prefix_length;
}

/* The library's request decoder reads every request vector back to its fields. */
static void request_vectors_decode(void)
{
    size_t checked = 0;
    for (size_t i = 0; i < VECTOR_COUNT; i++) {
        const wire_vector_t *vector = &wire_vectors[i];
        uint8_t data[256];
        nanorpc_request_t request;
        size_t length;
        const uint8_t *body = body_of(vector, &length);
        if (!vector->is_request) {
            continue;
        }
        CHECK(nanorpc_request_decode(body, length, data, sizeof data, &request));
        CHECK_EQ(request.id, vector->request_id);
        CHECK_EQ(request.type, vector->type);
        CHECK_EQ(request.has_path, vector->path != NULL || vector->has_path_hash);
        if (vector->has_path_hash) {
            CHECK_EQ(request.path_hash, vector->path_hash);
        }
        if (vector->path != NULL) {
            CHECK_EQ(request.path_hash, nanorpc_fnv1a(vector->path));
        }
        CHECK(!request.path_too_long);
        CHECK(!request.data_too_large);
        CHECK_BYTES(request.data, request.data_length, vector->data, vector->data_length);
        checked++;
    }
    CHECK(checked >= 6);
}

/* Requests encoded with nanopb from the generated schema give the same bytes as protoc. */
static void request_vectors_encode(void)
{
    for (size_t i = 0; i < VECTOR_COUNT; i++) {
        const wire_vector_t *vector = &wire_vectors[i];
        uint8_t frame[512];
        if (!vector->is_request) {
            continue;
        }
        size_t length = test_encode_request(frame, sizeof frame, vector->request_id, vector->type,
                                            vector->path,
                                            vector->has_path_hash ? &vector->path_hash : NULL,
                                            vector->data, vector->data_length);
        CHECK_BYTES(frame, length, vector->frame, vector->frame_length);
    }
}

/* The library's response encoder reproduces every response vector byte for byte. */
static void response_vectors_encode(void)
{
    size_t checked = 0;
    for (size_t i = 0; i < VECTOR_COUNT; i++) {
        const wire_vector_t *vector = &wire_vectors[i];
        uint8_t frame[512];
        if (vector->is_request) {
            continue;
        }
        const nanorpc_response_t response = {vector->request_id,
                                             (nanorpc_response_type_t)vector->type,
                                             (nanorpc_status_t)vector->status, vector->message,
                                             vector->data, vector->data_length};
        size_t length = nanorpc_response_encode(&response, frame, sizeof frame);
        CHECK_BYTES(frame, length, vector->frame, vector->frame_length);
        checked++;
    }
    CHECK(checked >= 4);
}

static void response_vectors_decode(void)
{
    for (size_t i = 0; i < VECTOR_COUNT; i++) {
        const wire_vector_t *vector = &wire_vectors[i];
        test_response_t response;
        size_t length;
        const uint8_t *body = body_of(vector, &length);
        if (vector->is_request) {
            continue;
        }
        CHECK(test_decode_response_body(body, length, &response));
        CHECK_EQ(response.id, vector->request_id);
        CHECK_EQ(response.type, vector->type);
        CHECK_EQ(response.status, vector->status);
        CHECK_STR(response.message, vector->message ? vector->message : "");
        CHECK_BYTES(response.data, response.data_length, vector->data, vector->data_length);
    }
}

static void response_that_does_not_fit_is_refused(void)
{
    uint8_t data[64] = {0};
    uint8_t frame[40];
    const nanorpc_response_t response = {1, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK,
                                         NULL, data, sizeof data};
    CHECK_EQ(nanorpc_response_encode(&response, frame, sizeof frame), 0);
}

void wire_vector_tests(void)
{
    check_run("wire vectors: requests decode", request_vectors_decode);
    check_run("wire vectors: requests encode", request_vectors_encode);
    check_run("wire vectors: responses encode", response_vectors_encode);
    check_run("wire vectors: responses decode", response_vectors_decode);
    check_run("response encoder: bounded buffer", response_that_does_not_fit_is_refused);
}
