/** Web concerns shared by every variant: RFC 9457 problem details for the domain errors. */
@NullMarked
package dev.coro.sample.web;

import org.jspecify.annotations.NullMarked;
