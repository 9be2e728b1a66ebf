namespace StreamAgg.Core;
