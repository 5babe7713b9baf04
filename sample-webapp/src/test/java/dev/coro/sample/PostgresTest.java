package dev.coro.sample;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link ShopTest} on a real PostgreSQL (profile {@code postgres}) at {@link PostgresServer}'s address; .ci/run starts
 * one with {@code sample-webapp/scripts/postgres.sh start}. Skipped with a message when none is reachable, unless
 * {@code CI=true}.
 *
 * <p>Every application context on it runs schema.sql and data.sql at start, so the classes share one database but
 * start from the same seed data; Maven runs them one after the other.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ShopTest
@ActiveProfiles("postgres")
@ExtendWith(PostgresServer.class)
@TestPropertySource(
        properties =
                "spring.r2dbc.url=r2dbc:postgresql://${SHOP_PG_HOST:127.0.0.1}:${SHOP_PG_PORT:55432}/${SHOP_PG_DATABASE:shop}")
@interface PostgresTest {}
