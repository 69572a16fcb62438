package io.flashorders.order.sale;

import io.flashorders.core.json.OrderJson;
import io.flashorders.core.sale.SaleState;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Availability's answers written once per read of a sale: every request answered from the same read (see
 * {@link LastKnownSales#fresh}) gets the same JSON bytes and entity tag, so a busy sale costs one serialisation per
 * read, not one per request. An answer is written again when the read is replaced, or when the sale's state changes
 * with the clock between two reads (it opens or ends), so the bytes are always those the view would write now.
 */
@ApplicationScoped
public class AvailabilityAnswers {

    /** One answer: the view's JSON and entity tag, with the read and the state it was written for. */
    public record Answer(LastKnownSales.Known read, SaleState state, String tag, byte[] json) {

        static Answer of(AvailabilityView view, LastKnownSales.Known read) {
            return new Answer(read, view.state(), view.tag(),
                    OrderJson.write(view).getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Answer> last = new ConcurrentHashMap<>();

    /** The answer for a read of the store (not stale), written now unless this read's answer was written already. */
    public Answer fresh(LastKnownSales.Known read, Instant now) {
        String saleId = read.snapshot().sale().saleId();
        Answer kept = last.get(saleId);
        if (kept != null && kept.read() == read && kept.state() == AvailabilityView.state(read.snapshot(), now)) {
            return kept;
        }
        Answer written = Answer.of(AvailabilityView.of(read.snapshot(), now, false, read.readAt()), read);
        last.put(saleId, written);
        return written;
    }

    /** The figures last read, marked stale while the store is unreachable: written for each request, never kept. */
    public Answer stale(LastKnownSales.Known read, Instant now) {
        return Answer.of(AvailabilityView.of(read.snapshot(), now, true, read.readAt()), read);
    }
}
