#include "check.h"

int main(void)
{
    fnv1a_tests();
    frame_parser_tests();
    wire_vector_tests();
    response_encoder_tests();
    request_decoder_tests();
    subscription_pool_tests();
    device_tests();
    device_session_tests();
    device_link_tests();
    malformed_input_tests();
    demo_app_tests();
    return check_summary();
}
