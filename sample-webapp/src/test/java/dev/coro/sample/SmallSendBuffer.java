package dev.coro.sample;

import io.netty.channel.ChannelOption;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Pins the server's socket send buffer at 32 KB. On loopback Linux grows it up to {@code net.ipv4.tcp_wmem}'s maximum
 * (4 MB by default), which alone holds most of a test-sized order stream; pinned, a slow client test measures the
 * app's read-ahead rather than the kernel's.
 */
@TestConfiguration(proxyBeanMethods = false)
class SmallSendBuffer {

    static final int BYTES = 32 * 1024;

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> smallSendBuffer() {
        return factory -> factory.addServerCustomizers(server -> server.childOption(ChannelOption.SO_SNDBUF, BYTES));
    }
}
