import com.bandwidth.sdk.BandwidthClient;
import com.bandwidth.sdk.model.AvailableNumber;
import com.bandwidth.sdk.model.PhoneNumber;

public class Numbers {
    public static void main(String[] args) throws Exception {
        BandwidthClient client = BandwidthClient.getInstance();
        Map<String, Object> params = new HashMap<>();
        params.put("areaCode", "919");
        List<AvailableNumber> numbers = AvailableNumber.searchLocal(client, params);
        PhoneNumber number = PhoneNumber.create(client, Map.of("number", numbers.get(0).getNumber()));
    }
}
