package example;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import java.util.List;

/** Counts the letters of a few words on virtual threads, through fanout's public API only. */
public final class Consumer {
  public static void main(String[] args) {
    try (Fanout fanout = Fanout.builder().model(Model.VIRTUAL).build()) {
      List<Outcome<String, Integer>> outcomes =
          fanout.map((String word, dev.fanout.Worker w) -> word.length(), List.of("fan", "out", "library"));
      for (Outcome<String, Integer> o : outcomes) {
        if (o instanceof Outcome.Success<String, Integer> s) {
          System.out.println(s.input() + " " + s.result());
        } else {
          System.out.println(o);
        }
      }
    }
  }
}
