package dev.kappa.engine;

import java.util.List;
import java.util.Objects;

/**
 * One input of a view: a stream, how its records decode, and the stateless steps its values pass
 * through before they are keyed.
 *
 * @param stream the log stream read
 * @param decoder how each record becomes a value
 * @param steps the steps, in order
 */
public record Source(String stream, Decoder<?> decoder, List<Step> steps) {

  public Source {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(decoder, "decoder");
    steps = List.copyOf(steps);
  }

  Source with(Step step) {
    List<Step> more = new java.util.ArrayList<>(steps);
    more.add(step);
    return new Source(stream, decoder, more);
  }
}
