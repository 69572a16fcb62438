package io.flashorders.core.sale.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which address a request counts against. Behind proxies the connection comes from the last proxy, and the client's
 * address is in {@code X-Forwarded-For}, where each proxy appends the address it was connected from. Only the entries
 * added by proxies we run can be trusted (a client writes whatever it likes at the left), so with {@code trustedHops}
 * proxies in front (1 for the load balancer alone, 2 for a CDN and the load balancer) the client is the
 * {@code trustedHops}-th entry from the right. With 0 trusted hops the header is ignored.
 */
public final class ClientAddress {

    public static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.\\[\\]]{2,45}");

    private ClientAddress() {
    }

    /**
     * @param remoteAddress the connection's peer
     * @param forwardedFor  every X-Forwarded-For header of the request, in order (none: empty)
     * @return the address the rate limits count; the peer when the header is absent, too short or not an address
     */
    public static String resolve(String remoteAddress, List<String> forwardedFor, int trustedHops) {
        if (trustedHops <= 0 || forwardedFor == null || forwardedFor.isEmpty()) {
            return remoteAddress;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        if (hops.size() < trustedHops) {
            // The request did not come through every trusted proxy: nothing in the header is vouched for.
            return remoteAddress;
        }
        String client = hops.get(hops.size() - trustedHops);
        return ADDRESS.matcher(client).matches() ? client : remoteAddress;
    }
}
