package dev.coro.sample.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Every endpoint is open; what needs a role says so with {@code @PreAuthorize} (the restock endpoint of both
 * variants), checked by reactive method security for the callback chain and for the coroutine alike. HTTP Basic, no
 * sessions, no CSRF tokens: a JSON API for scripts and the demo page.
 */
@Configuration(proxyBeanMethods = false)
@EnableReactiveMethodSecurity
class SecurityConfig {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    // Demo users of a demo shop (the README lists them); a real application reads them from its user store.
    @Bean
    MapReactiveUserDetailsService users() {
        return new MapReactiveUserDetailsService(
                User.withUsername("admin")
                        .password("{noop}admin")
                        .roles("ADMIN")
                        .build(),
                User.withUsername("customer")
                        .password("{noop}customer")
                        .roles("CUSTOMER")
                        .build());
    }
}
