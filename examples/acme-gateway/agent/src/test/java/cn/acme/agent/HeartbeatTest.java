/*
 * Copyright (c) 2019-2025 Acme Network Technology (Beijing) Co., Ltd.
 * Proprietary and confidential.
 */
package cn.acme.agent;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeartbeatTest {
    @Test
    void sm3MatchesStandardVector() {
        assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
                Heartbeat.sm3Hex("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void sha256MatchesStandardVector() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Heartbeat.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
    }
}
