package dev.coro.spring.autoconfigure;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The application of the AOP tests: R2DBC on in-memory H2 (Boot's R2dbcTransactionManager), reactive method security
 * (every exchange open and HTTP Basic, so that only method security decides) and caching.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableReactiveMethodSecurity
@EnableCaching
@Import({
    LedgerController.class,
    Ledger.class,
    GuardedController.class,
    GuardedService.class,
    PricingService.class,
    CoroCachingTests.PricingController.class
})
class AopTestApplication {

    static final String SCHEMA = "spring.sql.init.schema-locations=classpath:ledger-schema.sql";

    @Bean
    CacheManager cacheManager() {
        return new ConcurrentMapCacheManager("prices");
    }

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    @Bean
    MapReactiveUserDetailsService users() {
        return new MapReactiveUserDetailsService(
                User.withUsername("alice")
                        .password("{noop}secret")
                        .roles("USER")
                        .build(),
                User.withUsername("root")
                        .password("{noop}secret")
                        .roles("ADMIN")
                        .build());
    }
}
