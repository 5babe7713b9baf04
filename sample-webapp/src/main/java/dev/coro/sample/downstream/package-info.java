/** The downstream HTTP services (shipping quotes, loyalty, recommendations): the WebClient that calls them and a built-in simulation. */
@NullMarked
package dev.coro.sample.downstream;

import org.jspecify.annotations.NullMarked;
